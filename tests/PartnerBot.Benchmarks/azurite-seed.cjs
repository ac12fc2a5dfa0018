// Adds entities straight into a stopped Azurite's table database, for benchmarks that need hundreds of thousands of
// rows already in place. Azurite looks every inserted entity up by PartitionKey first and then reads the whole
// partition, so writing 200,000 rows into one partition through its API takes hours; LokiJS's own insert keeps the
// same collections and indexes Azurite keeps, in seconds.
// Usage: node azurite-seed.cjs <azurite-location> < entities.ndjson
//   each line: {"table":"<table>","entity":{"PartitionKey":"...","RowKey":"...", other properties in OData JSON}}
// Prints the number of entities added per table.
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const loki = require(path.join(__dirname, '..', '..', 'node_modules', 'lokijs'));

const account = 'devstoreaccount1';
const dbPath = path.join(process.argv[2], '__azurite_db_table__.json');
if (!fs.existsSync(dbPath)) {
  console.error(`no Azurite table database at ${dbPath}`);
  process.exit(2);
}

const db = new loki(dbPath, { adapter: new loki.LokiFsAdapter(), autosave: false });
db.loadDatabase({}, async (err) => {
  if (err) {
    console.error(`could not load ${dbPath}: ${err}`);
    process.exit(1);
  }

  const added = {};
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { table, entity } = JSON.parse(line);
    const collection = db.getCollection(`${account}$${table}`);
    if (!collection) {
      console.error(`table ${table} does not exist in ${dbPath}`);
      process.exit(1);
    }

    const modified = new Date().toISOString().replace('Z', '0000Z');
    const properties = { ...entity, Timestamp: modified, 'Timestamp@odata.type': 'Edm.DateTime' };
    collection.insert({
      PartitionKey: entity.PartitionKey,
      RowKey: entity.RowKey,
      properties,
      lastModifiedTime: modified,
      eTag: `W/"datetime'${encodeURIComponent(modified)}'"`,
    });
    added[table] = (added[table] || 0) + 1;
  }

  db.saveDatabase((saveErr) => {
    if (saveErr) {
      console.error(`could not save ${dbPath}: ${saveErr}`);
      process.exit(1);
    }

    console.log(JSON.stringify(added));
  });
});

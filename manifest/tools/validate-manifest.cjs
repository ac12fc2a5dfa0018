// Checks a Teams app manifest (JSON on stdin) against a draft-04 JSON Schema (path in argv[2]) with ajv.
// Prints a JSON array of "instancePath: message" strings on stdout; empty when the manifest is valid.
// Given an array of manifests (a manifest is never an array), prints one such array per manifest:
// compiling the schema costs seconds, so tests check many manifests in one run.
// Exits non-zero only when it cannot run (bad input, missing schema), never for an invalid manifest.
const fs = require('fs');
const Ajv = require('ajv-draft-04');

const schema = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
// The Teams schema uses "const" and some format names draft-04 lacks; strict mode would refuse the schema itself.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const check = (manifest) => (validate(manifest) ? [] : validate.errors.map((e) => {
    const extra = e.params && e.params.additionalProperty ? ` '${e.params.additionalProperty}'` : '';
    return `${e.instancePath || '/'}: ${e.message}${extra}`;
  }));
  const parsed = JSON.parse(input);
  process.stdout.write(JSON.stringify(Array.isArray(parsed) ? parsed.map(check) : check(parsed)));
});

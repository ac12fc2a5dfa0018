// Parses Adaptive Cards with the official parser (npm adaptivecards) and reports every
// parse event (unknown elements, unknown properties, invalid values) as JSON on stdout.
// Input on stdin: a JSON array of cards. Output: [{ index, problems: [string] }].
const AC = require('adaptivecards/dist/adaptivecards.js');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const cards = JSON.parse(input);
  const results = cards.map((json, index) => {
    const problems = [];
    if (json.type !== 'AdaptiveCard') problems.push('type is not AdaptiveCard');
    const context = new AC.SerializationContext();
    const card = new AC.AdaptiveCard();
    card.parse(json, context);
    for (let i = 0; i < context.eventCount; i++) {
      const e = context.getEventAt(i);
      problems.push(`${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
    }
    // Validation finds what parsing lets through: duplicate ids, missing required values.
    for (const e of card.validateProperties().validationEvents) {
      problems.push(`${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
    }
    return { index, problems };
  });
  process.stdout.write(JSON.stringify(results));
});

// Renders Markdown with markdown-it, a CommonMark renderer, so tests can see what card text turns into.
// Raw HTML is let through (html: true) so that a mention or tag that escaped escaping shows up in the output.
// Input on stdin: a JSON array of strings. Output: a JSON array of HTML strings, in order.
const MarkdownIt = require('markdown-it');

const md = new MarkdownIt({ html: true });
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const texts = JSON.parse(input);
  process.stdout.write(JSON.stringify(texts.map((text) => md.render(text))));
});

import { createServer } from 'node:http';
import { loadConfig } from './config-loader.mjs';

const config = loadConfig();
if (process.argv.includes('--print-config')) {
  console.log(JSON.stringify(config));
} else {
  createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ items: [] }));
  }).listen(config.port, config.host, () => {
    if (config.debug) console.log(`listening on ${config.host}:${config.port}`);
  });
}

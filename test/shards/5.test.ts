import { registerShard } from '../support/shards.js';

registerShard(import.meta.url);

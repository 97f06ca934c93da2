import { faults, startFakeProviderServer } from '../../src/testing/index.js';
import { benchReply } from '../lib/bench-request.js';

// The fake upstream of `bench/workers.ts` in a process of its own: prints its base URL, serves until killed.
const fake = await startFakeProviderServer();
const upstream = fake.upstream('workers');
upstream.setDefault(faults.reply(benchReply));
process.stdout.write(`${upstream.baseURL('openai')}\n`);

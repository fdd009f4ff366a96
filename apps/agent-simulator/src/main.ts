import { parseArgs } from 'node:util';
import { pickOutcome } from './outcome-picker';
import { signIn } from './sign-in';
import { SimulatedDesk } from './simulated-desk';

const USAGE = `Simulated telemarketers for a campaign: each signs in, takes calls on the Twilio emulator and records outcomes.

  agent-simulator --campaign <id> --password <pw> [--api URL] [--public-url URL] [--emulator URL] [--talk MIN-MAX] [--wrap MIN-MAX] <email>...

  --api        the dialer api (default http://127.0.0.1:3000)
  --public-url the api's PUBLIC_BASE_URL, where Twilio calls the agents' audio legs (default: --api)
  --emulator   the Twilio emulator (default http://127.0.0.1:3100)
  --talk       seconds each agent talks, drawn uniformly (default 20-90)
  --wrap       seconds of after-call work before the outcome is recorded (default 2-8)`;

const range = (text: string, name: string): { min: number; max: number } => {
  const match = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(text);
  if (!match || Number(match[1]) > Number(match[2])) throw new Error(`--${name} must look like MIN-MAX, e.g. 20-90`);
  return { min: Number(match[1]), max: Number(match[2]) };
};

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      api: { type: 'string', default: 'http://127.0.0.1:3000' },
      'public-url': { type: 'string' },
      emulator: { type: 'string', default: 'http://127.0.0.1:3100' },
      campaign: { type: 'string' },
      password: { type: 'string' },
      talk: { type: 'string', default: '20-90' },
      wrap: { type: 'string', default: '2-8' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.campaign || !values.password || positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const talkTimeSec = range(values.talk!, 'talk');
  const wrap = range(values.wrap!, 'wrap');

  const desks: SimulatedDesk[] = [];
  // The end of the shift: each agent finishes the call in hand and records it, then signs out (a second signal: at once).
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(130);
    stopping = true;
    await Promise.allSettled(desks.map((desk) => desk.leave()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  for (const email of positionals) {
    const user = await signIn(values.api!, email, values.password!);
    desks.push(
      await SimulatedDesk.open({
        apiUrl: values.api!,
        publicBaseUrl: values['public-url'],
        emulatorUrl: values.emulator!,
        token: user.token,
        userId: user.userId,
        campaignId: values.campaign!,
        talkTimeSec,
        disposition: (pop) => pickOutcome(pop),
        wrapUpMs: () => 1000 * (wrap.min + Math.random() * (wrap.max - wrap.min)),
      }),
    );
    process.stdout.write(`${email} is ready\n`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`agent-simulator: ${error.message}\n`);
  process.exit(1);
});

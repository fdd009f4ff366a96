import { ANSWERED_BY, CalleeOutcome, NumberBehaviour, Scenario } from './scenario';
import { Distribution } from './scenario-random';

/** A scenario request body: any subset of the scenario, nested sections merged key by key. */
export type ScenarioInput = {
  [K in keyof Scenario]?: Scenario[K] extends Record<string, unknown> ? Partial<Scenario[K]> : Scenario[K];
};

export class ScenarioValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid scenario: ${problems.join('; ')}`);
    this.name = 'ScenarioValidationError';
  }
}

type Leaf = (value: unknown, path: string, problems: string[], base: unknown) => unknown;
type Spec = Leaf | { [key: string]: Spec };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function number(min: number, max: number, integer = false): Leaf {
  return (value, path, problems) => {
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value))) {
      return value;
    }
    problems.push(`${path} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    return undefined;
  };
}

const probability = number(0, 1);
const weight = number(0, 1_000_000);

const boolean: Leaf = (value, path, problems) => {
  if (typeof value === 'boolean') return value;
  problems.push(`${path} must be true or false`);
  return undefined;
};

function nullable(leaf: Leaf): Leaf {
  return (value, path, problems, base) => (value === null ? null : leaf(value, path, problems, base));
}

function oneOf(values: readonly string[]): Leaf {
  return (value, path, problems) => {
    if (typeof value === 'string' && values.includes(value)) return value;
    problems.push(`${path} must be one of ${values.join(', ')}`);
    return undefined;
  };
}

const DIGITS = /^[0-9*#]*$/;

const digitString: Leaf = (value, path, problems) => {
  if (typeof value === 'string' && DIGITS.test(value)) return value;
  problems.push(`${path} must be a string of keys 0-9, * and #`);
  return undefined;
};

const singleDigit: Leaf = (value, path, problems) => {
  if (typeof value === 'string' && /^[0-9*#]$/.test(value)) return value;
  problems.push(`${path} must be one key: 0-9, * or #`);
  return undefined;
};

const digitScript: Leaf = (value, path, problems) => {
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string' && DIGITS.test(entry))) return value;
  problems.push(`${path} must be a list of key strings such as ["1", "", "5"]`);
  return undefined;
};

const DISTRIBUTION_HELP = 'must be seconds (a number ≥ 0), {min,max}, {mean,sd} or {median,sigma}';

export function parseDistribution(value: unknown): Distribution | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value).sort().join(',');
  const n = (key: string) => (typeof value[key] === 'number' && Number.isFinite(value[key]) ? (value[key] as number) : NaN);
  if (keys === 'max,min' && n('min') >= 0 && n('max') >= n('min')) return { min: n('min'), max: n('max') };
  if (keys === 'mean,sd' && n('mean') >= 0 && n('sd') >= 0) return { mean: n('mean'), sd: n('sd') };
  if (keys === 'median,sigma' && n('median') > 0 && n('sigma') >= 0) return { median: n('median'), sigma: n('sigma') };
  return undefined;
}

const distribution: Leaf = (value, path, problems) => {
  const parsed = parseDistribution(value);
  if (parsed === undefined) problems.push(`${path} ${DISTRIBUTION_HELP}`);
  return parsed;
};

const OUTCOMES: readonly CalleeOutcome[] = ['human', 'machine', 'fax', 'busy', 'no-answer', 'failed'];

const numberBehaviourSpec: Record<keyof NumberBehaviour, Leaf> = {
  outcome: oneOf(OUTCOMES),
  answerAfterSec: distribution,
  answeredBy: oneOf(ANSWERED_BY),
  digits: digitScript,
  hangUpAfterSilenceSec: distribution,
  hangUpAfterTalkSec: nullable(distribution),
  sipResponseCode: number(100, 699, true),
};

/** Per-number overrides merge by number; each number's behaviour is replaced as a whole. */
const numbers: Leaf = (value, path, problems, base) => {
  if (!isPlainObject(value)) {
    problems.push(`${path} must map numbers to behaviours`);
    return undefined;
  }
  const merged: Record<string, NumberBehaviour> = { ...(base as Record<string, NumberBehaviour>) };
  for (const [number, behaviour] of Object.entries(value)) {
    if (behaviour === null) {
      delete merged[number];
      continue;
    }
    merged[number] = apply(numberBehaviourSpec, {}, behaviour, `${path}.${number}`, problems) as NumberBehaviour;
  }
  return merged;
};

const SPEC: Spec = {
  seed: number(0, 2 ** 31 - 1, true),
  timeScale: number(0.0001, 100),
  cps: number(0.01, 10_000),
  answerProbability: probability,
  answeredMix: { human: weight, machine: weight, fax: weight },
  unansweredMix: { busy: weight, noAnswer: weight, failed: weight },
  timing: {
    postDialDelaySec: distribution,
    humanAnswerSec: distribution,
    machineAnswerSec: distribution,
    busyAfterSec: distribution,
    sayWordsPerSec: number(0.1, 50),
    playSec: number(0, 3600),
  },
  callee: {
    hangUpAfterSilenceSec: distribution,
    hangUpAfterTalkSec: nullable(distribution),
    digits: digitScript,
    randomDigits: digitString,
    optOutDigit: nullable(singleDigit),
    gatherResponseSec: distribution,
    recordSpeechSec: distribution,
  },
  machine: { greetingSec: distribution, hangUpAfterSilenceSec: distribution },
  amd: { humanDetectionSec: distribution, machineDetectionSec: distribution, accuracy: probability },
  agents: { talkTimeSec: distribution },
  webhooks: {
    shuffle: boolean,
    shuffleWindowMs: number(0, 60_000),
    duplicateProbability: probability,
    voiceRetryProbability: probability,
    dropProbability: probability,
    delayMs: number(0, 60_000),
  },
  numbers,
};

function apply(spec: Spec, base: unknown, input: unknown, path: string, problems: string[]): unknown {
  if (typeof spec === 'function') return spec(input, path, problems, base);
  if (!isPlainObject(input)) {
    problems.push(`${path || 'scenario'} must be an object`);
    return base;
  }
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(input)) {
    const child = spec[key];
    const childPath = path ? `${path}.${key}` : key;
    if (!child) problems.push(`${childPath} is not a scenario setting`);
    else result[key] = apply(child, result[key], value, childPath, problems);
  }
  return result;
}

/** `base` with `input` merged in, or a ScenarioValidationError listing every problem. */
export function mergeScenario(base: Scenario, input: unknown): Scenario {
  const problems: string[] = [];
  const merged = apply(SPEC, base, input ?? {}, '', problems) as Scenario;
  if (problems.length > 0) throw new ScenarioValidationError(problems);
  return merged;
}

import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One TwiML element: a verb (`Say`, `Dial`…) or a noun inside one (`Conference`). */
export interface TwimlNode {
  verb: string;
  attributes: Record<string, string>;
  text: string;
  children: TwimlNode[];
}

/** Twilio's error 12100: the document is not TwiML. */
export class TwimlParseError extends Error {
  readonly code = 12100;

  constructor(message: string) {
    super(`Document parse failure: ${message}`);
    this.name = 'TwimlParseError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toNode(raw: OrderedNode): TwimlNode | null {
  const verb = Object.keys(raw).find((key) => key !== ':@');
  if (!verb || verb === '#text' || verb.startsWith('?')) return null;
  const content = (raw[verb] as OrderedNode[] | undefined) ?? [];
  const text = content
    .map((child) => child['#text'])
    .filter((value) => value !== undefined)
    .join('')
    .trim();
  const children = content.map(toNode).filter((node): node is TwimlNode => node !== null);
  return { verb, attributes: { ...(raw[':@'] ?? {}) }, text, children };
}

/** The verbs of a `<Response>` document, in order. An empty body is an empty response, as on Twilio. */
export function parseTwiml(xml: string): TwimlNode[] {
  if (xml.trim() === '') return [];
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new TwimlParseError(`${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(xml) as OrderedNode[]).map(toNode).filter((node): node is TwimlNode => node !== null);
  const response = roots[0];
  if (roots.length !== 1 || !response || response.verb !== 'Response') {
    throw new TwimlParseError('the root element must be <Response>');
  }
  return response.children;
}

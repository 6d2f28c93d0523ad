import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node as YamlNode } from 'yaml';

/** A position in the original note file (1-based). */
export interface Place {
  line: number;
  column: number;
}

/** The result of splitting a note into YAML frontmatter and Markdown body. */
export interface SplitNote {
  /** Parsed YAML value (undefined when the YAML is malformed). */
  data: unknown;
  /** The Markdown after the closing `---`. */
  body: string;
  /** 1-based line in the file where the body starts. */
  bodyLine: number;
  /** Problems with the frontmatter block itself (missing, unclosed, malformed YAML). */
  errors: { message: string; place: Place; rule: string }[];
  /** Finds where a frontmatter key path (e.g. `['tags', 2]`) is written, for error messages. */
  locate(path: readonly PropertyKey[], part?: 'key' | 'value'): Place;
}

const fileStart: Place = { line: 1, column: 1 };

/**
 * Splits a note's source into frontmatter and body and parses the YAML, keeping positions so that
 * schema errors can point at the exact line. Line endings must already be `\n`.
 */
export function splitFrontmatter(source: string): SplitNote {
  const open = /^---[ \t]*\n/.exec(source);
  if (!open) {
    return {
      data: undefined,
      body: source,
      bodyLine: 1,
      errors: [
        {
          message:
            'the note has no frontmatter: ' +
            'start the file with a `---` line, then `title:` and `summary:`, then another `---` line',
          place: fileStart,
          rule: 'frontmatter-missing',
        },
      ],
      locate: () => fileStart,
    };
  }
  const yamlStart = open[0].length;
  const close = /^---[ \t]*$/m;
  close.lastIndex = 0;
  const rest = source.slice(yamlStart);
  const closeMatch = close.exec(rest);
  if (!closeMatch) {
    return {
      data: undefined,
      body: '',
      bodyLine: 1,
      errors: [
        {
          message: 'the frontmatter is never closed: add a `---` line after the last frontmatter key',
          place: fileStart,
          rule: 'frontmatter-unclosed',
        },
      ],
      locate: () => fileStart,
    };
  }
  const yamlText = rest.slice(0, closeMatch.index);
  const afterClose = yamlStart + closeMatch.index + closeMatch[0].length;
  const body = source.slice(afterClose).replace(/^\n/, '');
  const bodyLine = source.slice(0, afterClose).split('\n').length + (source[afterClose] === '\n' ? 1 : 0);

  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core' });
  const toPlace = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + 1, column: col }; // +1: the opening `---` line
  };
  const errors = doc.errors.map((e) => ({
    message: `the frontmatter is not valid YAML: ${firstLine(e.message)}`,
    place: toPlace(e.pos[0]),
    rule: 'frontmatter-yaml',
  }));
  let data: unknown;
  if (errors.length === 0) {
    try {
      // The yaml library refuses alias expansion past maxAliasCount (a "billion laughs" bomb).
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      const message = /alias count/i.test((e as Error).message)
        ? 'the frontmatter expands too many YAML aliases (*name); write the values out'
        : `the frontmatter could not be read: ${firstLine((e as Error).message)}`;
      errors.push({ message, place: { line: 2, column: 1 }, rule: 'frontmatter-yaml' });
    }
  }
  return { data, body, bodyLine, errors, locate: (path, part = 'value') => locateIn(doc, path, part, toPlace) };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function locateIn(
  doc: Document,
  path: readonly PropertyKey[],
  part: 'key' | 'value',
  toPlace: (offset: number) => Place,
): Place {
  // Walk down as far as the path exists; report the deepest node found.
  let node: unknown = doc.contents;
  let place: Place = fileStart;
  if (isMap(doc.contents) && doc.contents.range) place = toPlace(doc.contents.range[0]);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const keyNode = pair.key as YamlNode;
      const isLast = i === path.length - 1;
      if (isLast && part === 'key' && keyNode.range) return toPlace(keyNode.range[0]);
      node = pair.value;
      const valueRange = (pair.value as YamlNode | null)?.range ?? keyNode.range;
      if (valueRange) place = toPlace(valueRange[0]);
    } else if (
      node &&
      typeof node === 'object' &&
      'items' in node &&
      Array.isArray((node as { items: unknown[] }).items)
    ) {
      const item = (node as { items: unknown[] }).items[Number(segment)] as YamlNode | undefined;
      if (!item) break;
      node = item;
      if (item.range) place = toPlace(item.range[0]);
    } else {
      break;
    }
  }
  return place;
}

/**
 * The project configuration: `meshc.config.json` in the working directory, or else the `meshc` key of its
 * package.json. It sets defaults every command reads (docs/cli.md): the inputs, the output directory, suppressions and
 * the failure threshold. The command line wins over it; `--suppress` adds to its suppressions. A configuration that
 * does not validate is an error at the offending field (exit 2), never a silent default.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { pathKey, spanAt, type FieldPath, type Span } from "../diagnostics/span.ts";
import { parseYamlText } from "../load/yaml/index.ts";
import { parseSuppression, type Suppression } from "../check/suppress.ts";
import type { Threshold } from "./args.ts";
import { DEFAULT_ISTIOD_FEATURES, istiodFeatures, type IstiodFeatures } from "../ir/istiod-features.ts";
import type { ErrorObject, ValidateFunction } from "ajv";
import { config as validateConfigFile } from "./gen/config-validator.ts";

type ConfigError = ErrorObject;

/** The schema's errors for `value` (precompiled by `npm run gen:validators` from `config-schema.ts`). */
function validateConfig(value: unknown): readonly ConfigError[] {
  const validate = validateConfigFile as unknown as ValidateFunction;
  return validate(value) ? [] : (validate.errors ?? []);
}

/** The file names, in the order they are looked for. */
export const CONFIG_FILE = "meshc.config.json";
const PACKAGE_JSON = "package.json";

/** meshc.config.json as written (its JSON Schema: `config-schema.ts`). */
export interface ConfigFile {
  readonly inputs?: readonly string[];
  readonly out?: string;
  readonly suppress?: readonly string[];
  readonly failureThreshold?: Threshold;
  /** istiod's environment: the feature flags it runs with (Helm `pilot.env`), as `NAME: value`. */
  readonly istiod?: { readonly env?: Readonly<Record<string, string | boolean>> };
}

export interface MeshcConfig {
  readonly inputs?: readonly string[];
  readonly out?: string;
  readonly suppressions: readonly Suppression[];
  readonly failureThreshold?: Threshold;
  /** The istiod feature flags the mesh runs with (`istiod.env`; istiod's defaults when unset). */
  readonly istiod: IstiodFeatures;
}

export interface LoadedConfig {
  readonly config: MeshcConfig;
  readonly diagnostics: readonly Diagnostic[];
  /** The configuration file's text, by the name diagnostics use, for the renderer. */
  readonly sources: ReadonlyMap<string, string>;
}

const EMPTY: LoadedConfig = {
  config: { suppressions: [], istiod: DEFAULT_ISTIOD_FEATURES },
  diagnostics: [],
  sources: new Map(),
};

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Ajv's error as the user's words: what is wrong at which setting. */
function describe(error: ConfigError, at: string): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return at === "" || at === "meshc"
        ? `'${String(params["additionalProperty"])}' is not a setting (settings: failureThreshold, inputs, istiod, out, suppress)`
        : `'${String(params["additionalProperty"])}' is not a setting of '${at}'`;
    case "enum":
      return `'${at}' must be one of ${(params["allowedValues"] as string[]).join(", ")}`;
    case "type":
      return `'${at}' must be ${params["type"] === "array" ? "an array" : `a ${String(params["type"])}`}`;
    default:
      return `'${at}' ${error.message ?? "is not valid"}`;
  }
}

function pathOf(pointer: string): FieldPath {
  return pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Reads the configuration of the project in `cwd` (the `Io`'s working directory, not the process's).
 *
 * @example loadConfig("/repo") with /repo/meshc.config.json `{ "inputs": ["mesh.ts"], "failureThreshold": "warning" }`
 *   → { config: { inputs: ["mesh.ts"], failureThreshold: "warning", suppressions: [] }, diagnostics: [] }
 */
export function loadConfig(cwd: string): LoadedConfig {
  let file = CONFIG_FILE;
  let text = read(join(cwd, CONFIG_FILE));
  let prefix: FieldPath = [];
  if (text === undefined) {
    text = read(join(cwd, PACKAGE_JSON));
    if (text === undefined || !/"meshc"\s*:/.test(text)) return EMPTY;
    file = PACKAGE_JSON;
    prefix = ["meshc"];
  }
  const sources = new Map([[file, text]]);
  const parsed = parseYamlText(file, text);
  const doc = parsed.value[0];
  if (parsed.diagnostics.length > 0 || doc === undefined)
    return { config: EMPTY.config, diagnostics: parsed.diagnostics, sources };
  const root = prefix.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc.value);
  if (root === undefined) return { ...EMPTY, sources };
  const at = (path: FieldPath): Span => spanAt(doc.spans, [...prefix, ...path], doc.span);
  /** A mapping key's own span (`_spans.ts` records keys under `path#key`). */
  const keyAt = (path: FieldPath): Span => doc.spans.get(`${pathKey([...prefix, ...path])}#key`) ?? at(path);
  const errors = validateConfig(root);
  if (errors.length > 0) {
    const diagnostics = errors.map((e) => {
      const path = pathOf(e.instancePath);
      const field = [...prefix, ...path].join(".");
      const span =
        e.keyword === "additionalProperties" ? keyAt([...path, String(e.params["additionalProperty"])]) : at(path);
      return createDiagnostic(Messages.Invalid_configuration_0, span, [describe(e, field)]);
    });
    return { config: EMPTY.config, diagnostics, sources };
  }
  const written = root as ConfigFile;
  const diagnostics: Diagnostic[] = [];
  const suppressions = (written.suppress ?? []).flatMap((s, i) => {
    const parsedSuppression = parseSuppression(s, at(["suppress", i]));
    if (parsedSuppression === undefined)
      diagnostics.push(createDiagnostic(Messages.Invalid_suppression_0, at(["suppress", i]), [s]));
    return parsedSuppression === undefined ? [] : [parsedSuppression];
  });
  // istiod's environment: each flag checked at its line (MESH1411, MESH1412).
  const env = Object.entries(written.istiod?.env ?? {}).map(([name, value]) => ({
    name,
    value,
    nameSpan: keyAt(["istiod", "env", name]),
    valueSpan: at(["istiod", "env", name]),
  }));
  const features = istiodFeatures(env);
  diagnostics.push(...features.diagnostics);
  const { suppress: _, istiod: __, ...rest } = written;
  return { config: { ...rest, suppressions, istiod: features.value }, diagnostics, sources };
}

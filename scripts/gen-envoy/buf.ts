// Runs protoc-gen-ts through buf (the protoc-compatible compiler shipped in the npm package @bufbuild/buf, so `npm ci`
// is the only setup) over a temporary buf workspace built from the .proto files of @grpc/grpc-js-xds.
// buf has no `protoc` command line; `buf generate` with `include_imports` + `include_wkt` and `strategy: all` is the
// equivalent of `protoc --include_imports … <closure>`: every file in the import closure of the `--path` roots is
// handed to the plugin in one request (https://buf.build/docs/configuration/v2/buf-gen-yaml).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

const require = createRequire(import.meta.url);

/** The include roots inside @grpc/grpc-js-xds/deps (protoc-gen-validate is replaced by the patched copy). */
const PROTO_ROOTS = ["envoy-api", "xds", "googleapis"] as const;

/** protoc-gen-ts options: 64-bit integers as strings (as proto3 JSON writes them), reflection-only code. */
export const TS_OPTIONS = ["long_type_string", "force_optimize_code_size"] as const;

/** The protoc-gen-validate file of grpc-js-xds, and the line this script adds to its StringRules. */
const VALIDATE_PROTO = "validate/validate.proto";
const IGNORE_EMPTY_FIELD = "    optional bool ignore_empty = 26;";

/**
 * Copies validate.proto, adding `StringRules.ignore_empty` (field 26). The copy in grpc-js-xds predates it, but Envoy's
 * own protos set it (e.g. envoy/extensions/geoip_providers/common/v3/common.proto); upstream definition:
 * https://github.com/bufbuild/protoc-gen-validate/blob/main/validate/validate.proto (`ignore_empty = 26`).
 */
export function patchValidateProto(text: string): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n"; // grpc-js-xds ships this file with CRLF line ends
  const anchor = `message StringRules {${eol}`;
  const at = text.indexOf(anchor);
  if (at < 0) throw new Error(`${VALIDATE_PROTO}: 'message StringRules {' not found; cannot add ignore_empty.`);
  const body = text.slice(at, text.indexOf(`${eol}}${eol}`, at));
  if (/\bignore_empty\b/.test(body)) return text;
  const cut = at + anchor.length;
  return `${text.slice(0, cut)}${IGNORE_EMPTY_FIELD}${eol}${eol}${text.slice(cut)}`;
}

/** Creates the buf workspace in `dir`: one module per include root, plus buf.yaml and buf.gen.yaml. */
export function writeWorkspace(dir: string): void {
  const deps = join(dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
  for (const root of PROTO_ROOTS) cpSync(join(deps, root), join(dir, root), { recursive: true });
  const validate = readFileSync(join(deps, "protoc-gen-validate", VALIDATE_PROTO), "utf8");
  mkdirSync(join(dir, "pgv", "validate"), { recursive: true });
  writeFileSync(join(dir, "pgv", VALIDATE_PROTO), patchValidateProto(validate));
  const modules = ["pgv", ...PROTO_ROOTS].map((m) => `  - path: ${m}\n`).join("");
  writeFileSync(join(dir, "buf.yaml"), `version: v2\nmodules:\n${modules}`);
  const plugin = require.resolve("@protobuf-ts/plugin/bin/protoc-gen-ts");
  writeFileSync(
    join(dir, "buf.gen.yaml"),
    [
      "version: v2",
      "plugins:",
      `  - local: ${JSON.stringify(plugin)}`,
      "    out: out",
      `    opt: [${TS_OPTIONS.join(", ")}]`,
      "    include_imports: true",
      "    include_wkt: true",
      "    strategy: all",
      "",
    ].join("\n"),
  );
}

/** The `--path` arguments for the roots: buf wants paths inside the workspace, i.e. prefixed with their module. */
function pathArgs(dir: string, roots: readonly string[]): string[] {
  return roots.flatMap((file) => {
    const module = ["pgv", ...PROTO_ROOTS].find((m) => statSync(join(dir, m, file), { throwIfNoEntry: false }));
    if (module === undefined) throw new Error(`${file}: not found in @grpc/grpc-js-xds/deps.`);
    return ["--path", `${module}/${file}`];
  });
}

function buf(dir: string, args: string[]): void {
  const bin = require.resolve("@bufbuild/buf/bin/buf");
  execFileSync(process.execPath, [bin, ...args], { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
}

/** Runs protoc-gen-ts; returns the generated files (path relative to the output root → text), sorted by path. */
export function generate(dir: string, roots: readonly string[]): Map<string, string> {
  buf(dir, ["generate", ...pathArgs(dir, roots)]);
  const out = join(dir, "out");
  const files = new Map<string, string>();
  for (const path of walk(out).sort()) files.set(relative(out, path).split("\\").join("/"), readFileSync(path, "utf8"));
  return files;
}

/** The FileDescriptorSet of the closure as proto3 JSON (buf resolves custom options such as `[validate.required]`). */
export function descriptorSetJson(dir: string, roots: readonly string[]): unknown {
  buf(dir, ["build", ...pathArgs(dir, roots), "-o", "image.json"]);
  return JSON.parse(readFileSync(join(dir, "image.json"), "utf8"));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

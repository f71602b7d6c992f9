/**
 * Child process (one cold process per measurement): `phases <mesh.ts|yaml dir> [envoyWorkloads]` times meshc's
 * stages by calling them in pipeline order; `tsc <mesh.ts>` times the `tsc --noEmit` equivalent through the
 * TypeScript API with the same options. Prints one JSON line (milliseconds, peak RSS in MiB).
 *
 * Type-check time comes from TypeScript's own performance counters (`ts.performance`, what `tsc --extendedDiagnostics`
 * prints: Program + Bind + Check), so the mesh.ts loader is timed from outside without a hook in it.
 */
import ts from "typescript";
import { validateDocumentSchemas } from "../../compiler/check/schema/index.ts";
import { validateMesh } from "../../compiler/check/validate/index.ts";
import { analyzeMesh } from "../../compiler/check/analyze/index.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { loadMeshTs, meshCompilerOptions } from "../../compiler/load/mesh-ts/index.ts";
import { loadYamlInputs } from "../../compiler/load/yaml/index.ts";
import { nodeFileSystem } from "../../compiler/load/fs.ts";
import { emitIstio } from "../../compiler/emit/istio/index.ts";
import { forEachEnvoyDump } from "../../compiler/emit/envoy/index.ts";
import { configDumpToBinary, configDumpToJson } from "../../compiler/emit/envoy/registry.ts";
import { toYamlStream } from "../../compiler/serialize/yaml.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";

type Perf = { enable(): void; getDuration(name: string): number };
const perf = (ts as unknown as { performance: Perf }).performance;
const [mode = "", input = "", envoyArg = "all"] = process.argv.slice(2);
const rssMiB = () => process.resourceUsage().maxRSS / 1024;

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

function tsc() {
  perf.enable();
  const [diags, wall] = time(() => {
    const program = ts.createProgram({ rootNames: [ts.sys.resolvePath(input)], options: meshCompilerOptions() });
    return ts.getPreEmitDiagnostics(program);
  });
  const typeCheck = perf.getDuration("Program") + perf.getDuration("Bind") + perf.getDuration("Check");
  return { wall, typeCheck, errors: diags.length, rssMiB: rssMiB() };
}

/** `envoyArg`: "all", or a count of workloads to emit (the per-workload cost is then extrapolated to all). */
function phases() {
  perf.enable();
  const isTs = input.endsWith(".ts");
  const t0 = performance.now();
  const [loaded, load] = time(() => (isTs ? loadMeshTs(input) : loadYamlInputs([input], nodeFileSystem)));
  const typeCheck = isTs ? perf.getDuration("Program") + perf.getDuration("Bind") + perf.getDuration("Check") : 0;
  const [schemaDiags, schema] = time(() => validateDocumentSchemas(loaded.value.documents));
  const [lowered, lower] = time(() => lowerDocuments(loaded.value.documents));
  const [validateDiags, validate] = time(() => validateMesh(lowered.value));
  const [analyzeDiags, analyze] = time(() => analyzeMesh(lowered.value));
  const errors = [
    ...loaded.diagnostics,
    ...schemaDiags,
    ...lowered.diagnostics,
    ...validateDiags,
    ...analyzeDiags,
  ].filter((d) => d.severity === "error");
  const ir: MeshIR = lowered.value;
  const [, emitIstioMs] = time(() => toYamlStream(emitIstio(ir), "# bench"));
  const sidecars = ir.workloads.filter((w) => w.sidecar);
  const k = envoyArg === "all" ? sidecars.length : Math.min(sidecars.length, Number(envoyArg));
  // Streamed as the CLI does it: one workload's dump rendered at a time (the whole output does not fit in memory).
  const [, envoySample] = time(() => {
    forEachEnvoyDump({ ...ir, workloads: k === sidecars.length ? ir.workloads : sidecars.slice(0, k) }, ({ dump }) => {
      configDumpToJson(dump);
      configDumpToBinary(dump);
    });
  });
  const total = performance.now() - t0;
  const emitEnvoyMs = k === sidecars.length ? envoySample : (envoySample / Math.max(1, k)) * sidecars.length;
  return {
    ms: {
      typeCheck,
      runMeshTs: isTs ? load - typeCheck : 0,
      loadYaml: isTs ? 0 : load,
      schema,
      lower,
      check: validate + analyze,
      emitIstio: emitIstioMs,
      emitEnvoy: emitEnvoyMs,
    },
    envoy: {
      workloads: sidecars.length,
      emitted: k,
      extrapolated: k !== sidecars.length,
      perWorkloadMs: envoySample / Math.max(1, k),
    },
    measuredWall: total,
    errors: errors.length,
    rssMiB: rssMiB(),
  };
}

process.stdout.write(`${JSON.stringify(mode === "tsc" ? tsc() : phases())}\n`);

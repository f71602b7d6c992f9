/** The benchmark's arithmetic and its printed table. */

/** Least-squares slope of log(y) against log(x): the growth exponent k in y ∝ x^k. null with fewer than two points. */
export function slope(points: readonly (readonly [number, number])[]): number | null {
  if (points.length < 2) return null;
  const xs = points.map(([x]) => Math.log(x));
  const ys = points.map(([, y]) => Math.log(y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return den === 0 ? null : num / den;
}

type J = Record<string, unknown>;
const get = (o: unknown, p: string): unknown =>
  p.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as J)[k] : undefined), o);
const num = (v: unknown, digits = 0) => (typeof v === "number" ? v.toFixed(digits) : "—");
const cell = (o: unknown, p: string, digits = 0) => {
  const nm = get(o, "notMeasured") ?? get(o, `${p.split(".")[0]}.notMeasured`);
  return typeof nm === "string" ? "n/m" : num(get(o, p), digits);
};

/** A plain-text table of the results (times in ms, throughput in decisions/s). */
export function formatTable(results: J): string {
  const rows: string[][] = [
    [
      "N",
      "build ms",
      "tsc ms",
      "build/tsc",
      "+envoy ms",
      "+envoy/tsc",
      "typeCheck",
      "runMeshTs",
      "schema",
      "lower",
      "check",
      "emitIstio",
      "emitEnvoy",
      "RSS MiB",
      "yaml RSS",
      "istio dec/s",
      "grpc-xds dec/s",
      "diff ms",
      "diff/yaml build",
    ],
  ];
  for (const r of results.perN as J[]) {
    rows.push([
      String(r.n),
      cell(r, "meshcBuildCli.processWallMs"),
      cell(r, "tscNoEmitCli.processWallMs"),
      num(r.ratioBuildToTscCli, 2),
      cell(r, "meshcBuildCliAllTargets.processWallMs"),
      num(r.ratioBuildAllTargetsToTscCli, 2),
      cell(r, "phasesMeshTs.ms.typeCheck"),
      cell(r, "phasesMeshTs.ms.runMeshTs"),
      cell(r, "phasesMeshTs.ms.schema"),
      cell(r, "phasesMeshTs.ms.lower"),
      cell(r, "phasesMeshTs.ms.check"),
      cell(r, "phasesMeshTs.ms.emitIstio"),
      cell(r, "phasesMeshTs.ms.emitEnvoy") + (get(r, "phasesMeshTs.envoy.extrapolated") ? "*" : ""),
      cell(r, "meshcBuildCli.peakRssMiB"),
      cell(r, "yamlBuildCli.peakRssMiB"),
      cell(r, "evaluator.decisionsPerSecond.istio"),
      cell(r, "evaluator.decisionsPerSecond.grpcXds"),
      cell(r, "diffCli.processWallMs"),
      num(r.ratioDiffToYamlBuildCli, 2),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const table = rows.map((row) => row.map((c, i) => c.padStart(widths[i]!)).join("  ")).join("\n");
  const b = results.bookinfo;
  return [
    table,
    "* extrapolated from a sample of workloads; n/m = not measured (see results.json for why)",
    `bookinfo: istio ${cell(b, "decisionsPerSecond.istio")} dec/s, envoy ${cell(b, "decisionsPerSecond.envoy")}, grpc-js-xds ${cell(b, "decisionsPerSecond.grpcXds")} dec/s`,
    `growth exponents: ${JSON.stringify(results.growthExponents)}`,
    `hostile inputs, growth exponents (1 = linear): ${JSON.stringify(get(results, "hostile.growthExponents") ?? get(results, "hostile"))}`,
    "",
  ].join("\n");
}

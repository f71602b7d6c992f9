/**
 * Istio's own xDS simulation tests (pilot/pkg/networking/core/*simulation_test.go), transcribed in
 * ../shared/conformance/istio-simulation-cases/ and read in place: every case of every file there is built through
 * meshc's public pipeline for the case's proxy (test/support/istio-sim/proxy-xds.ts) and checked with a port of
 * pilot/pkg/simulation/traffic.go (test/support/istio-sim/traffic.ts) the way the Go test checks it. A check that
 * needs a feature flag or input user config cannot express (`requires`), a case the transcription left out
 * (`skipped`), a case the Go test itself skips (`t.Skipf`, e.g. TestSidecarRoutes' HTTPRoute variant of a wildcard
 * host), and a failing check explained by a behaviour meshc does not model yet (test/support/istio-sim/gaps.ts)
 * are visible skips with the reason; every other check must pass.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { loadSimulationFiles, type SimCase } from "../support/istio-sim/cases.ts";
import { checkMismatches } from "../support/istio-sim/checks.ts";
import { gapFor } from "../support/istio-sim/gaps.ts";
import { buildCase, type BuiltCase } from "../support/istio-sim/proxy-xds.ts";
import { sharedCorpus } from "../support/shared-corpus.ts";
import { skip } from "../support/skip.ts";

const CORPUS = "istio-simulation-cases";
const Corpus = suite(`istio simulation conformance (${CORPUS})`);
const dir = sharedCorpus(Corpus, CORPUS);
Corpus.run();

function safeBuild(c: SimCase): BuiltCase | Error {
  try {
    return buildCase(c);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

for (const file of dir === undefined ? [] : loadSimulationFiles(dir)) {
  const Sim = suite(`istio simulation: ${file.file}`);
  const counts = { passed: 0, gaps: 0, requires: 0, goSkips: 0, failed: 0 };
  const byGap = new Map<string, number>();
  for (const s of file.skipped) skip(Sim, `${s.name} (not transcribed into checks: ${s.reason})`);
  for (const c of file.cases) {
    if (c.goSkip !== undefined) {
      for (const check of c.checks) {
        counts.goSkips++;
        skip(Sim, `${c.name} / ${check.name} (the Go test skips it: ${c.goSkip})`);
      }
      continue;
    }
    const built = c.error === undefined ? safeBuild(c) : new Error(c.error);
    for (const check of c.checks) {
      const label = `${c.name} / ${check.name}`;
      const requires = c.requires ?? (check.kind === "call" || check.kind === "routes" ? check.requires : undefined);
      if (requires !== undefined) {
        counts.requires++;
        skip(Sim, `${label} (requires ${requires})`);
        continue;
      }
      if (built instanceof Error) {
        counts.failed++;
        Sim(label, () => assert.unreachable(`building the case failed: ${built.message}`));
        continue;
      }
      const found = checkMismatches(built.xds, check);
      const gap = found.length > 0 ? gapFor(c, check) : undefined;
      if (gap !== undefined) {
        counts.gaps++;
        byGap.set(gap, (byGap.get(gap) ?? 0) + 1);
        skip(Sim, `${label} (known gap: ${gap}; ${found.join("; ")})`);
        continue;
      }
      counts[found.length === 0 ? "passed" : "failed"]++;
      const bypassed = built.rejectedBy.length > 0 ? ` (meshc check reports ${built.rejectedBy.join(", ")})` : "";
      Sim(`${label}${bypassed}`, () => assert.equal(found, []));
    }
  }
  const total = counts.passed + counts.gaps + counts.requires + counts.goSkips + counts.failed;
  console.log(
    `istio simulation ${file.file}: ${counts.passed}/${total} pass, ${counts.gaps} skipped as known gaps, ${counts.requires} need flags or input users cannot give, ${counts.goSkips} skipped by the Go test itself, ${counts.failed} fail` +
      [...byGap].map(([g, n]) => `\n  ${n} x known gap: ${g}`).join(""),
  );
  Sim.run();
}

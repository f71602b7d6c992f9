/**
 * `serve --watch` under bad edits (issue 18): an invalid or empty edit never replaces the last good configuration,
 * the server never exits on a compile failure or an exception, a save landing during a recompile is always served
 * (the latest content wins), and what the server keeps and logs per node is bounded and escaped.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { compile, type Compilation } from "../../compiler/pipeline.ts";
import { startServe, type ServeSession } from "../../compiler/serve/index.ts";
import { eventLogger, MAX_NACKS_KEPT, type AdsStats } from "../../compiler/serve/ads-server.ts";
import { logField } from "../../compiler/serve/log-field.ts";

const MESH = (port: string) => `apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{name: http, port: ${port}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart-v1, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec: {containers: [{name: c, image: x}]}
`;

interface Harness {
  readonly file: string;
  readonly session: ServeSession;
  readonly log: string[];
  readonly compiled: string[];
  /** Resolves with the results of the reloads up to and including the next one that compiled `text`. */
  untilServed(text: string): Promise<boolean[]>;
}

async function serveYaml(
  options: { allowEmpty?: boolean; duringCompile?: (n: number, file: string) => void } = {},
): Promise<Harness> {
  const file = join(mkdtempSync(join(tmpdir(), "meshc-serve-robust-")), "mesh.yaml");
  writeFileSync(file, MESH("80"));
  const initial = compile([file]);
  const log: string[] = [];
  const compiled: string[] = [];
  let reloads: boolean[] = [];
  let waiter: { text: string; done: (r: boolean[]) => void } | undefined;
  const session = await startServe(
    { ...initial, ir: initial.ir! },
    {
      inputs: [file],
      host: "127.0.0.1",
      port: 0,
      watch: true,
      ...(options.allowEmpty === undefined ? {} : { allowEmpty: options.allowEmpty }),
      compile: (inputs): Compilation => {
        compiled.push(readFileSync(file, "utf8"));
        const c = compile(inputs);
        options.duringCompile?.(compiled.length, file);
        return c;
      },
      log: (l) => log.push(l),
      report: () => undefined,
      debounceMs: 30,
      onReload: (ok) => {
        reloads.push(ok);
        if (waiter !== undefined && compiled.at(-1) === waiter.text) {
          const w = waiter;
          waiter = undefined;
          const r = reloads;
          reloads = [];
          w.done(r);
        }
      },
    },
  );
  const untilServed = (text: string) =>
    new Promise<boolean[]>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`'${text.slice(0, 40)}' never compiled; log: ${log.join(" | ")}`)),
        10_000,
      );
      waiter = { text, done: (r) => (clearTimeout(timer), done(r)) };
    });
  return { file, session, log, compiled, untilServed };
}

const Watch = suite("serve --watch survives bad edits");

Watch(
  "port -1, then an empty file: both refused, the last good configuration served; a good edit is served",
  async () => {
    const h = await serveYaml();
    let next = h.untilServed(MESH("-1"));
    writeFileSync(h.file, MESH("-1"));
    assert.equal((await next).at(-1), false);
    next = h.untilServed("");
    writeFileSync(h.file, "");
    assert.equal((await next).at(-1), false);
    next = h.untilServed(MESH("8080"));
    writeFileSync(h.file, MESH("8080"));
    assert.equal((await next).at(-1), true);
    await h.session.close();
    assert.equal(
      h.log.filter((l) => !l.startsWith("watching")).filter((l, i, all) => all.indexOf(l) === i),
      [
        "the inputs do not compile; still serving the last good configuration",
        "the inputs declare nothing; still serving the last good configuration (--allow-empty serves an empty mesh)",
        "recompiled: 1 workload(s); pushed what changed",
      ],
    );
  },
);

Watch("--allow-empty serves an empty mesh", async () => {
  const h = await serveYaml({ allowEmpty: true });
  const next = h.untilServed("");
  writeFileSync(h.file, "");
  assert.equal((await next).at(-1), true);
  await h.session.close();
  assert.ok(h.log.includes("recompiled: 0 workload(s); pushed what changed"));
});

Watch("a save landing during a recompile is picked up: the latest content is compiled last", async () => {
  // The first recompile is followed, before it returns, by another save (as an editor saving twice 160 ms apart).
  const h = await serveYaml({
    duringCompile: (n, file) => {
      if (n === 1) writeFileSync(file, MESH("9090"));
    },
  });
  const next = h.untilServed(MESH("9090"));
  writeFileSync(h.file, MESH("7070"));
  const results = await next;
  await h.session.close();
  assert.equal(h.compiled.slice(0, 2), [MESH("7070"), MESH("9090")]);
  assert.equal(results.at(-1), true);
});

Watch("an exception while recompiling is logged; the server keeps serving", async () => {
  const h = await serveYaml({
    duringCompile: (n) => {
      if (n === 1) throw new Error("boom\nforged line");
    },
  });
  const result = h.session.reload();
  await h.session.close();
  assert.is(result, false);
  assert.ok(
    h.log.includes(
      "internal error while recompiling: boom\\u000aforged line; still serving the last good configuration",
    ),
    h.log.join("\n"),
  );
});

Watch.run();

const Bounded = suite("per-node log state and NACK details are bounded and escaped");

Bounded("7,000 NACKs keep the last 100 details (cut to 1,000 characters) and count all", () => {
  const stats: AdsStats = { responses: 0, acks: 0, nackCount: 0, nacks: [] };
  const lines: string[] = [];
  const report = eventLogger((l) => lines.push(l), stats);
  for (let i = 0; i < 7000; i++)
    report({ kind: "nack", node: `n${i}`, type: "cluster", version: "v", nonce: "1", detail: "x".repeat(50_000) });
  assert.is(stats.nackCount, 7000);
  assert.is(stats.nacks.length, MAX_NACKS_KEPT);
  assert.equal(stats.nacks[0], { node: "n6900", type: "cluster", detail: "x".repeat(1000) });
  assert.ok(lines.every((l) => l.length < 1200));
});

Bounded("a node id with a newline cannot forge a log line", () => {
  const stats: AdsStats = { responses: 0, acks: 0, nackCount: 0, nacks: [] };
  const lines: string[] = [];
  const report = eventLogger((l) => lines.push(l), stats);
  report({ kind: "warning", node: "a\nmeshc serve: forged", message: "m" });
  assert.equal(lines, ["warning for 'a\\u000ameshc serve: forged': m"]);
  assert.is(logField("x".repeat(300)), `${"x".repeat(200)}...`);
});

Bounded("garbage node ids do not grow the logged-once keys without bound", () => {
  const stats: AdsStats = { responses: 0, acks: 0, nackCount: 0, nacks: [] };
  let lines = 0;
  const report = eventLogger(() => lines++, stats);
  for (let i = 0; i < 30_000; i++) report({ kind: "warning", node: `garbage-${i}`, message: "m" });
  report({ kind: "warning", node: "garbage-0", message: "m" }); // forgotten long ago: logged again
  assert.is(lines, 30_001);
});

Bounded.run();

/**
 * A generated mesh (bench/gen, N=50) with problems injected by text edits, for checking that the indexed lookups of
 * the check stage report what the scans they replaced reported, in the same order, at a scale where every index has
 * several entries per key (issue 6). `scaleLines()` renders validate + analyze diagnostics with their related spans.
 */
import { generateMesh } from "../../bench/gen/index.ts";
import { analyzeMesh } from "../../compiler/check/analyze/index.ts";
import { validateMesh } from "../../compiler/check/validate/index.ts";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { lineAndColumn, type Span } from "../../compiler/diagnostics/span.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";

/** Replaces every `every`-th occurrence (1-based: the `every`-th, 2×`every`-th, ...) of `from` by `to`. */
function everyNth(text: string, from: string, to: string, every: number): string {
  let seen = 0;
  return text.split(from).reduce((acc, part) => `${acc}${++seen % every === 0 ? to : from}${part}`);
}

/** Resources that collide with the generated ones: wildcard hosts, duplicate routes, unknown hosts and ports. */
const EXTRA = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: wildcard, namespace: alpha-0 }
spec:
  host: "*.alpha-0.svc.cluster.local"
  subsets:
    - { name: v1, labels: { version: v1 } }
    - { name: canary, labels: { track: canary } }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ghost, namespace: bravo-1 }
spec:
  host: ghost.bravo-1.svc.cluster.local
  subsets: [{ name: v1, labels: { version: v1 } }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: external, namespace: bravo-1 }
spec:
  hosts: ["*.example.com"]
  ports: [{ number: 443, name: https, protocol: HTTPS }, { number: 80, name: http, protocol: HTTP }]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: extra-routes, namespace: alpha-0 }
spec:
  hosts: [media-0.alpha-0.svc.cluster.local, media-1]
  http:
    - match: [{ uri: { prefix: /x } }]
      route: [{ destination: { host: media-1, subset: canary, port: { number: 9999 } } }]
    - match: [{ uri: { prefix: /y } }]
      route: [{ destination: { host: ghost.alpha-0.svc.cluster.local, subset: v1 } }]
    - match: [{ uri: { prefix: /z } }]
      route: [{ destination: { host: api.example.com, subset: v2 } }]
    - route: [{ destination: { host: media-0, subset: v4 } }]
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: one, namespace: delta-2 }
spec: { egress: [{ hosts: ["./*"] }] }
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: two, namespace: delta-2 }
spec: { egress: [{ hosts: ["./*"] }] }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: media-2-permissive, namespace: alpha-0 }
spec:
  selector: { matchLabels: { app: media-2 } }
  mtls: { mode: PERMISSIVE }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: catalog-3-ports, namespace: alpha-0 }
spec:
  selector: { matchLabels: { app: catalog-3 } }
  mtls: { mode: PERMISSIVE }
  portLevelMtls: { 5432: { mode: STRICT } }
---
apiVersion: v1
kind: Service
metadata: { name: catalog-3-db, namespace: alpha-0 }
spec:
  selector: { app: catalog-3 }
  ports: [{ name: tcp-db, port: 5432, targetPort: 5432 }, { name: http, port: 9080, targetPort: 9080 }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: catalog-3-db, namespace: alpha-0 }
spec:
  host: catalog-3-db
  trafficPolicy:
    portLevelSettings: [{ port: { number: 5432 }, tls: { mode: DISABLE } }]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: catalog-3-not, namespace: alpha-0 }
spec:
  selector: { matchLabels: { app: catalog-3 } }
  action: ALLOW
  rules: [{ from: [{ source: { notPrincipals: [cluster.local/ns/x/sa/y] } }], to: [{ operation: { paths: [/a] } }] }]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: nobody-home, namespace: nowhere }
spec: { action: ALLOW, rules: [{ to: [{ operation: { methods: [GET] } }] }] }
`;

/** The N=50 mesh's YAML files (name → text) with the edits above. */
export function scaleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const mesh = generateMesh(50, undefined, { sidecars: false }); // the mesh these expectations were written for
  [...mesh.yaml].forEach(([name, text], i) => {
    let t = everyNth(text, "subset: v3", "subset: v9", 4);
    t = everyNth(t, "mode: ISTIO_MUTUAL", "mode: DISABLE", 5);
    t = everyNth(t, "        version: v2", "        version: v7", 7);
    if (i % 2 === 1) t = t.replace("mode: STRICT", "mode: PERMISSIVE");
    files.set(name, t);
  });
  files.set("zz-extra.yaml", EXTRA);
  return files;
}

function where(files: ReadonlyMap<string, string>, span: Span | undefined): string {
  if (span === undefined) return "(no span)";
  const at = lineAndColumn(files.get(span.file) ?? "", span.start);
  return `${span.file}(${at.line},${at.column})`;
}

/** `file(line,col): severity MESHcode: message`, then one indented line per related location. */
export function renderLines(files: ReadonlyMap<string, string>, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.flatMap((d) => [
    `${where(files, d.span)}: ${d.severity} MESH${d.code}: ${d.message}`,
    ...(d.related ?? []).map((r) => `    ${where(files, r.span)}: ${r.message}`),
  ]);
}

/** validateMesh, then analyzeMesh, over the lowered scale mesh, rendered. */
export function scaleLines(): string[] {
  const files = scaleFiles();
  const docs = [...files].flatMap(([name, text]) => loadYamlText(name, text).value);
  const ir = lowerDocuments(docs).value;
  return renderLines(files, [...validateMesh(ir), ...analyzeMesh(ir)]);
}

/**
 * The files `meshc init` writes: a commented starter mesh.ts, scenarios that pass against it, the TypeScript and npm
 * set-up, and CI workflows for GitHub Actions and GitLab CI that gate on `check`, `build --check` and `test`, and post
 * `meshc diff --format markdown` against the base branch on pull (merge) requests.
 * Pure: (project name, meshc version) → path → text.
 */

const MESH_TS = `/**
 * The mesh of this project, declared with meshc's typed DSL. Field names are Istio's: hover one in your editor for
 * the Istio field it becomes and its default.
 *
 *   npx meshc check                       type-check and validate (as Istio's webhook and istioctl analyze would)
 *   npx meshc build --out manifests       write manifests/istio.yaml and each proxy's Envoy config
 *   npx meshc test                        run mesh.scenarios
 *   npx meshc simulate mesh.ts --request "GET http://checkout.shop:8080/cart from shop/frontend-v1"
 *
 * Replace the example below with your own services.
 */
import { authorizationPolicy, canary, namespace, peerAuthentication, routes, service } from "meshc";

// A namespace with sidecar injection: every pod in it gets an Envoy proxy.
const shop = namespace("shop", { labels: { "istio-injection": "enabled" } });

// Services: each becomes a Kubernetes Service, a Deployment and ServiceAccount per version, and a DestinationRule
// with one subset per version.
export const frontend = service("frontend", {
  namespace: shop,
  ports: [{ name: "http", port: 80, targetPort: 8080 }],
  versions: { v1: {} },
});

export const checkout = service("checkout", {
  namespace: shop,
  ports: [{ name: "http", port: 8080 }],
  versions: { v1: { replicas: 2 }, v2: {} },
});

// Routes (VirtualServices). frontend's requests all go to its one version, v1.
routes(frontend, { http: [{ route: [{ destination: frontend.subset("v1") }] }] });

// A canary: 90% of checkout's requests go to v1 and 10% to v2. A version checkout does not declare, such as
// canary(checkout, { v3: 10 }) or checkout.subset("v3"), does not compile.
routes(checkout, {
  http: [{ name: "canary", route: canary(checkout, { v1: 90, v2: 10 }), timeout: "3s" }],
});

// mTLS: the sidecars in shop accept mutual TLS only (a PeerAuthentication in STRICT mode).
peerAuthentication({ namespace: shop, mtls: { mode: "STRICT" } });

// A policy: only frontend's identity may call checkout, and only with GET or POST (an AuthorizationPolicy). Any
// other caller is denied.
authorizationPolicy("checkout-callers", {
  selector: checkout,
  action: "ALLOW",
  rules: [{ from: [{ source: { principals: [frontend] } }], to: [{ operation: { methods: ["GET", "POST"] } }] }],
});
`;

const SCENARIOS = `# Scenarios for mesh.ts, run by \`npx meshc test\`: a request (METHOD URL from NAMESPACE/WORKLOAD, or from
# outside) and what must hold for it. A failing expectation prints what was expected, what was found and why.

scenario "checkout's canary sends 10% of requests to v2"
  GET http://checkout.shop:8080/cart from shop/frontend-v1
  expect checkout@v1 90%, checkout@v2 10%
  expect allow by shop/checkout-callers
  expect mtls

scenario "DELETE is not among the methods frontend may use"
  DELETE http://checkout.shop:8080/cart from shop/frontend-v1
  expect deny by default

scenario "a workload other than frontend may not call checkout"
  GET http://checkout.shop:8080/cart from shop/checkout-v2
  expect deny by default

scenario "a client without a sidecar cannot connect (STRICT mTLS)"
  GET http://checkout.shop:8080/cart from outside
  expect status 0
`;

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
    include: ["*.ts"],
  },
  null,
  2,
)}\n`;

function packageJson(name: string, version: string): string {
  const pkg = {
    name,
    private: true,
    type: "module",
    scripts: {
      check: "meshc check mesh.ts",
      build: "meshc build mesh.ts --out manifests",
      "build:check": "meshc build mesh.ts --out manifests --check",
      test: "meshc test mesh.ts",
    },
    // meshc's defaults for this project (inputs and output directory), read from package.json's `meshc` key.
    meshc: { inputs: ["mesh.ts"], out: "manifests" },
    devDependencies: { meshc: `^${version}` },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

const GITHUB = `# meshc: fails the pull request when the mesh does not check, the committed manifests are stale, or a scenario fails;
# on a pull request, comments what it does to requests (meshc diff against the base branch), updating that comment.
name: mesh
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  security-events: write # upload-sarif
jobs:
  mesh:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci
      - name: Check (annotations on the changed lines)
        run: npx meshc check mesh.ts --format github
      - name: Check (SARIF for code scanning)
        if: \${{ !cancelled() }}
        run: npx meshc check mesh.ts --format sarif > meshc.sarif || true
      - uses: github/codeql-action/upload-sarif@v3
        if: \${{ !cancelled() && hashFiles('meshc.sarif') != '' }}
        with:
          sarif_file: meshc.sarif
          category: meshc
      - name: Committed manifests are up to date (npm run build writes them)
        run: npx meshc build mesh.ts --out manifests --check
      - name: Scenarios
        if: \${{ !cancelled() }}
        run: npx meshc test mesh.ts --reporter junit > meshc-junit.xml
      - uses: actions/upload-artifact@v4
        if: \${{ !cancelled() }}
        with:
          name: meshc-junit
          path: meshc-junit.xml
  diff:
    # Every class of requests whose fate the pull request changes (newly allowed, newly denied, changed destinations,
    # changed splits, ...), with an example each, as one comment. A pull request from a fork gets a read-only token:
    # the comment step then fails and the diff is in the job's log.
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write # gh pr comment
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the base branch, which meshc diff --base reads with git archive
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci
      - name: What the change does to requests
        env:
          BASE: origin/\${{ github.base_ref }}
        run: npx meshc diff --base "$BASE" mesh.ts --format markdown > meshc-diff.md
      - name: Comment on the pull request (the same comment, updated on each push)
        env:
          GH_TOKEN: \${{ github.token }}
          PR: \${{ github.event.pull_request.number }}
        run: gh pr comment "$PR" --edit-last --create-if-none --body-file meshc-diff.md
`;

const GITLAB = `# meshc: fails the pipeline when the mesh does not check, the committed manifests are stale, or a scenario fails.
mesh:
  image: node:22
  cache:
    key:
      files: [package-lock.json]
    paths: [.npm/]
  script:
    - npm ci --cache .npm --prefer-offline
    - npx meshc check mesh.ts --format sarif > meshc.sarif
    - npx meshc build mesh.ts --out manifests --check
    - npx meshc test mesh.ts --reporter junit > meshc-junit.xml
  artifacts:
    when: always
    paths: [meshc.sarif]
    reports:
      junit: meshc-junit.xml

# On a merge request: what it does to requests (meshc diff against the target branch), kept as meshc-diff.md and, when
# the CI/CD variable MESHC_NOTE_TOKEN holds a token with the api scope, posted as a note on the merge request.
mesh-diff:
  image: node:22
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  variables:
    GIT_DEPTH: 0 # the merge request's base commit, which meshc diff --base reads with git archive
  cache:
    key:
      files: [package-lock.json]
    paths: [.npm/]
  script:
    - npm ci --cache .npm --prefer-offline
    - git fetch --no-tags origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - npx meshc diff --base "$CI_MERGE_REQUEST_DIFF_BASE_SHA" mesh.ts --format markdown > meshc-diff.md
    - >-
      if [ -n "$MESHC_NOTE_TOKEN" ]; then
      curl --fail --silent --show-error --header "PRIVATE-TOKEN: $MESHC_NOTE_TOKEN" --data-urlencode "body@meshc-diff.md"
      "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes" > /dev/null; fi
  artifacts:
    when: always
    paths: [meshc-diff.md]
`;

/** The starter project's files, by path relative to its directory, in the order they are written. */
export function starterFiles(name: string, version: string): ReadonlyMap<string, string> {
  return new Map([
    ["mesh.ts", MESH_TS],
    ["mesh.scenarios", SCENARIOS],
    ["tsconfig.json", TSCONFIG],
    ["package.json", packageJson(name, version)],
    [".github/workflows/mesh.yml", GITHUB],
    [".gitlab-ci.yml", GITLAB],
  ]);
}

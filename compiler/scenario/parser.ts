/**
 * The grammar of requests (docs/requests.md) and scenario files (docs/scenarios.md) as a pure Chevrotain `CstParser`: it builds a
 * concrete syntax tree and nothing else; `visitor.ts` turns that into the AST. Rules are class properties so a typo
 * in a rule name is a compile error (Chevrotain `examples/tutorial/step2_parsing/step2_parsing.js`).
 *
 * ```
 * scenarioFile  := (scenario | expectation)*
 * scenario      := 'scenario' STRING request expectation*
 * requestLine   := request                                  (meshc simulate --request)
 * request       := METHOD? URL (source | header | jwt | 'plaintext' | 'sni' NAME | clientIp | cert)*
 * source        := 'from' ('outside' | 'ingress' qualifiedName | qualifiedName)
 * qualifiedName := NAME '/' NAME
 * header        := 'header' NAME=VALUE
 * clientIp      := 'ip' (IPV6 | NAME | NUMBER)                (the visitor checks the address)
 * jwt           := 'jwt' NAME? NAME=VALUE*                   (NAME: `invalid`, `expired`, `wrong-audience`)
 * cert          := 'cert' NAME? NAME=VALUE*                  (NAME: `untrusted`, `expired`; NAME=VALUE: `san=...`)
 * expectation   := 'expect' (authz | status | noRoute | 'mtls' | 'plaintext' | timeout | retries | principal
 *                  | hop | distribution)
 * hop           := 'hop' NUMBER ('at' qualifiedName)? ('to' destination)? ('mtls' | 'plaintext' | 'origination')?
 *                  authz?                                    (at least one part: the visitor reports none)
 * destination   := NAME ('@' NAME)?
 * principal     := 'principal' (STRING | NAME)                 (`"iss/sub"`, or `none`)
 * authz         := ('allow' | 'deny') ('by' policyRef)?
 * policyRef     := NAME ('/' NAME)?                          (`default`, or namespace/name)
 * status        := 'status' NUMBER percentage?
 * noRoute       := 'no' 'route'
 * timeout       := 'timeout' DURATION
 * retries       := 'retries' NUMBER
 * distribution  := target (',' target)*
 * target        := NAME ('@' NAME)? percentage?
 * percentage    := NUMBER '%'
 * ```
 * `from`, `header`, `jwt`, `cert` and `plaintext` may come in any order; the visitor reports a repeated `from`,
 * `jwt`, `cert` or `plaintext`.
 *
 * Why `expectation` is also a statement of the file, and `expectation*` not `+`: Chevrotain re-synchronizes a
 * top-level repetition at any token that can start an iteration, so after a syntax error between two `expect`
 * lines (`expct allow`), parsing resumes at the next `expect` rather than at the next `scenario`, and the errors in
 * the rest of that scenario are reported too. The visitor attaches such an expectation to the scenario before it,
 * and reports a scenario without expectations and an expectation before any scenario.
 */
import { CstParser } from "chevrotain";
import * as T from "./tokens.ts";
import { expectedMessageProvider } from "./_expected.ts";

/** The grammar above; use the shared {@link parser} instance rather than constructing another. */
export class ScenarioParser extends CstParser {
  constructor() {
    // recoveryEnabled: report every syntax error in a file, not the first (STYLE §4); nodeLocationTracking: spans;
    // errorMessageProvider: messages that list what was expected in the user's words (errors.ts finishes them).
    super([...T.allTokens], {
      recoveryEnabled: true,
      nodeLocationTracking: "full",
      errorMessageProvider: expectedMessageProvider,
    });
    this.performSelfAnalysis();
  }

  public readonly scenarioFile = this.RULE("scenarioFile", () => {
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.scenario) }, { ALT: () => this.SUBRULE(this.expectation) }]),
    );
  });

  public readonly scenario = this.RULE("scenario", () => {
    this.CONSUME(T.Scenario);
    this.CONSUME(T.StringLiteral);
    this.SUBRULE(this.request);
    this.MANY(() => this.SUBRULE(this.expectation));
  });

  public readonly requestLine = this.RULE("requestLine", () => {
    this.SUBRULE(this.request);
  });

  public readonly request = this.RULE("request", () => {
    this.OPTION(() => this.CONSUME(T.Method));
    this.CONSUME(T.Url);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.source) },
        { ALT: () => this.SUBRULE(this.header) },
        { ALT: () => this.SUBRULE(this.jwt) },
        { ALT: () => this.SUBRULE(this.cert) },
        { ALT: () => this.CONSUME(T.Plaintext) },
        {
          ALT: () => {
            this.CONSUME(T.Sni);
            this.CONSUME(T.Name);
          },
        },
        { ALT: () => this.SUBRULE(this.clientIp) },
      ]);
    });
  });

  public readonly clientIp = this.RULE("clientIp", () => {
    this.CONSUME(T.Ip);
    this.OR([
      { ALT: () => this.CONSUME(T.Ipv6) },
      { ALT: () => this.CONSUME(T.Name) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
    ]);
  });

  public readonly source = this.RULE("source", () => {
    this.CONSUME(T.From);
    this.OR([
      { ALT: () => this.CONSUME(T.Outside) },
      {
        ALT: () => {
          this.CONSUME(T.Ingress);
          this.SUBRULE(this.qualifiedName);
        },
      },
      { ALT: () => this.SUBRULE2(this.qualifiedName) },
    ]);
  });

  public readonly qualifiedName = this.RULE("qualifiedName", () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Slash);
    this.CONSUME2(T.Name);
  });

  public readonly header = this.RULE("header", () => {
    this.CONSUME(T.Header);
    this.CONSUME(T.HeaderPair);
  });

  public readonly jwt = this.RULE("jwt", () => {
    this.CONSUME(T.Jwt);
    this.OPTION(() => this.CONSUME(T.Name));
    this.MANY(() => this.CONSUME(T.HeaderPair));
  });

  public readonly cert = this.RULE("cert", () => {
    this.CONSUME(T.Cert);
    this.OPTION(() => this.CONSUME(T.Name));
    this.MANY(() => this.CONSUME(T.HeaderPair));
  });

  public readonly expectation = this.RULE("expectation", () => {
    this.CONSUME(T.Expect);
    this.OR([
      { ALT: () => this.SUBRULE(this.authz) },
      { ALT: () => this.SUBRULE(this.status) },
      { ALT: () => this.SUBRULE(this.noRoute) },
      { ALT: () => this.CONSUME(T.Mtls) },
      { ALT: () => this.CONSUME(T.Plaintext) },
      { ALT: () => this.CONSUME(T.Origination) },
      { ALT: () => this.SUBRULE(this.timeout) },
      { ALT: () => this.SUBRULE(this.retries) },
      { ALT: () => this.SUBRULE(this.principal) },
      { ALT: () => this.SUBRULE(this.hop) },
      { ALT: () => this.SUBRULE(this.distribution) },
    ]);
  });

  public readonly hop = this.RULE("hop", () => {
    this.CONSUME(T.Hop);
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => {
      this.CONSUME(T.AtWord);
      this.SUBRULE(this.qualifiedName);
    });
    this.OPTION2(() => {
      this.CONSUME(T.To);
      this.SUBRULE(this.destination);
    });
    this.OPTION3(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Mtls) },
        { ALT: () => this.CONSUME(T.Plaintext) },
        { ALT: () => this.CONSUME(T.Origination) },
      ]),
    );
    this.OPTION4(() => this.SUBRULE(this.authz));
  });

  public readonly destination = this.RULE("destination", () => {
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.At);
      this.CONSUME2(T.Name);
    });
  });

  public readonly authz = this.RULE("authz", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Allow) }, { ALT: () => this.CONSUME(T.Deny) }]);
    this.OPTION(() => {
      this.CONSUME(T.By);
      this.SUBRULE(this.policyRef);
    });
  });

  public readonly policyRef = this.RULE("policyRef", () => {
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.Slash);
      this.CONSUME2(T.Name);
    });
  });

  public readonly status = this.RULE("status", () => {
    this.CONSUME(T.Status);
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => this.SUBRULE(this.percentage));
  });

  public readonly noRoute = this.RULE("noRoute", () => {
    this.CONSUME(T.No);
    this.CONSUME(T.Route);
  });

  public readonly timeout = this.RULE("timeout", () => {
    this.CONSUME(T.Timeout);
    this.CONSUME(T.Duration);
  });

  public readonly retries = this.RULE("retries", () => {
    this.CONSUME(T.Retries);
    this.CONSUME(T.NumberLiteral);
  });

  public readonly principal = this.RULE("principal", () => {
    this.CONSUME(T.Principal);
    this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.Name) }]);
  });

  public readonly distribution = this.RULE("distribution", () => {
    this.SUBRULE(this.target);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.target);
    });
  });

  public readonly target = this.RULE("target", () => {
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.At);
      this.CONSUME2(T.Name);
    });
    this.OPTION2(() => this.SUBRULE(this.percentage));
  });

  public readonly percentage = this.RULE("percentage", () => {
    this.CONSUME(T.NumberLiteral);
    this.CONSUME(T.Percent);
  });
}

/** The one parser instance; reset it with `parser.input = tokens` before each parse (Chevrotain step2_parsing). */
export const parser = new ScenarioParser();

/**
 * Tokens of the request and scenario language (docs/requests.md, docs/scenarios.md). Every `createToken` lives here; the parser and the
 * visitor only refer to these objects (Chevrotain `examples/tutorial/step1_lexing/step1_lexing.js`).
 *
 * Newlines are plain whitespace: every statement starts with a keyword (`scenario`, `expect`) or a request, so a
 * long request or distribution may continue on the next line. Each token's `label` is what error messages show
 * ("Expected 'expect' or 'scenario' but found 'expct'.").
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

// ---- trivia -------------------------------------------------------------------------------------------------------

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
/** `#` starts a comment only where a token could start, so `header x=a#b` keeps its `#`. */
export const Comment = createToken({ name: "Comment", pattern: /#[^\n]*/, group: Lexer.SKIPPED });

// ---- words --------------------------------------------------------------------------------------------------------

/**
 * A DNS-ish name: service (`reviews`, `reviews.bookinfo`, an FQDN), subset, namespace, workload or policy name.
 * Keywords are reserved where a service name could stand (after `expect`), so each keyword names it as `longer_alt`:
 * `statuses` or `allow.ns` lex as one Name, not as a keyword plus a rest.
 */
export const Name = createToken({
  name: "Name",
  pattern: /[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?/,
  label: "a name",
});

function keyword(word: string): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  return createToken({ name, pattern: new RegExp(word), longer_alt: Name, label: `'${word}'` });
}

export const Scenario = keyword("scenario");
export const Expect = keyword("expect");
export const From = keyword("from");
export const Outside = keyword("outside");
export const Ingress = keyword("ingress");
export const Header = keyword("header");
export const Jwt = keyword("jwt");
export const Principal = keyword("principal");
export const Plaintext = keyword("plaintext");
export const Allow = keyword("allow");
export const Deny = keyword("deny");
export const By = keyword("by");
export const Status = keyword("status");
export const No = keyword("no");
export const Route = keyword("route");
export const Mtls = keyword("mtls");
export const Timeout = keyword("timeout");
export const Retries = keyword("retries");
export const Sni = keyword("sni");
export const Cert = keyword("cert");
export const Hop = keyword("hop");
export const To = keyword("to");
export const Origination = keyword("origination");
export const Ip = keyword("ip");
/** `at` (a hop's proxy); its own name, since `At` is the '@' of `reviews@v2`. */
export const AtWord = createToken({ name: "AtWord", pattern: /at/, longer_alt: Name, label: "'at'" });

/** All keywords, in the order they appear in `allTokens`. */
export const keywords: readonly TokenType[] = [
  Scenario,
  Expect,
  From,
  Outside,
  Ingress,
  Header,
  Jwt,
  Principal,
  Plaintext,
  Allow,
  Deny,
  By,
  Status,
  No,
  Route,
  Mtls,
  Timeout,
  Retries,
  Sni,
  Cert,
  Hop,
  To,
  Origination,
  AtWord,
  Ip,
];

/** An HTTP method: upper case (`GET`, `POST`, or any extension method Istio can match on). */
export const Method = createToken({
  name: "Method",
  pattern: /[A-Z][A-Z0-9_-]*/,
  longer_alt: Name,
  label: "a method such as 'GET'",
});

// ---- literals -----------------------------------------------------------------------------------------------------

/**
 * Any `scheme://...` up to whitespace or a quote; the visitor splits it into host, port, path and query and reports
 * unknown schemes, so `ftp://x` gets a precise message instead of a lexing error.
 */
export const Url = createToken({ name: "Url", pattern: /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"]*/, label: "a URL" });

/**
 * `name=value` after `header`, as one token: a value may hold `/`, `:`, `=` or `;`, which are not tokens of their
 * own. The name is an RFC 9110 token (optionally `:`-prefixed for pseudo-headers); the value is either
 * double-quoted (may hold spaces, `\"` and `\\`) or runs to the next whitespace.
 */
export const HeaderPair = createToken({
  name: "HeaderPair",
  pattern: /:?[!$%&'*+.^_`|~0-9A-Za-z-]+=(?:"(?:[^"\\\n]|\\.)*"?|[^\s"]*)/,
  label: "'name=value'",
});

/**
 * A double-quoted string. An unterminated one still lexes (up to the end of the line) so the visitor can report
 * "Unterminated string literal." once, instead of a lexing error followed by parse errors for each word inside.
 */
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\n]|\\.)*"?/,
  label: "a quoted string",
});

/**
 * An IPv6 address after `ip` (`2001:db8::7`, `::ffff:203.0.113.7`): hex digits, colons and dots with at least one
 * colon, which no other token outside a URL, header or string holds; the visitor checks it is an address. An IPv4
 * address lexes as a Name (`203.0.113.7`).
 */
export const Ipv6 = createToken({ name: "Ipv6", pattern: /[0-9A-Fa-f]*:[0-9A-Fa-f:.]*/, label: "an IP address" });

export const Duration = createToken({
  name: "Duration",
  pattern: /\d+(?:\.\d+)?(?:ms|s|m|h)/,
  longer_alt: Name,
  label: "a duration such as '10s'",
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /\d+(?:\.\d+)?/,
  longer_alt: Name,
  label: "a number",
});

// ---- punctuation --------------------------------------------------------------------------------------------------

export const At = createToken({ name: "At", pattern: /@/, label: "'@'" });
export const Percent = createToken({ name: "Percent", pattern: /%/, label: "'%'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Slash = createToken({ name: "Slash", pattern: /\//, label: "'/'" });

/**
 * The lexer tries patterns in this order and takes the first that matches (not the longest), so:
 * - `Url` and `HeaderPair` come before `Name` and the keywords: `http://...` and `end-user=jason` would otherwise
 *   lex as the name `http` or `end-user` followed by junk;
 * - keywords and `Method` come before `Name`, and each has `longer_alt: Name` so a longer word wins (`statuses`);
 * - `Duration` comes before `NumberLiteral` (`10s` is not the number `10` and the name `s`), and both before `Name`,
 *   with `longer_alt: Name` for words such as `3scale` or `1.2.3`;
 * - `Ipv6` comes before the words and numbers: `2001:db8::7` would otherwise lex as the number `2001` and junk;
 * - `Comment` comes first after whitespace: `#x=1` at the start of a token is a comment, not a header.
 */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  Comment,
  Url,
  HeaderPair,
  StringLiteral,
  Ipv6,
  ...keywords,
  Method,
  Duration,
  NumberLiteral,
  Name,
  At,
  Percent,
  Comma,
  Slash,
];

/**
 * The lexer. Diagnostics use offsets only (line and column are derived when rendering, STYLE §2), but the parser's
 * `nodeLocationTracking: "full"` needs each token's end offset, which only "full" position tracking records.
 */
export const scenarioLexer = new Lexer([...allTokens], { positionTracking: "full", ensureOptimizations: false });

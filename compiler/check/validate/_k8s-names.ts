/**
 * Kubernetes' name and value validation, after k8s.io/apimachinery `pkg/util/validation/validation.go`. Each
 * function returns the API server's own error text (the first one, as a phrase), or undefined when the value is valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const tooLong = (max: number) => `must be no more than ${max} characters`;

/** `IsDNS1123Label` (namespace names, Service port names): at most 63 characters. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > 63) return tooLong(63);
  if (!DNS1123_LABEL.test(value))
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  return undefined;
}

/** `IsDNS1123Subdomain` (Deployment, Pod, ServiceAccount and custom resource names): at most 253 characters. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return tooLong(253);
  if (!DNS1123_SUBDOMAIN.test(value))
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/** `IsDNS1035Label` (Service names, `ValidateServiceName`): like a label, but starting with a letter. */
export function dns1035LabelProblem(value: string): string | undefined {
  if (value.length > 63) return tooLong(63);
  if (!DNS1035_LABEL.test(value))
    return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
  return undefined;
}

/** `IsValidPortName` (container port names, named target ports): an IANA_SVC_NAME. */
export function portNameProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 15) return "must be no more than 15 characters";
  if (!/^[-a-z0-9]+$/.test(value)) return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
  if (!/[a-z]/.test(value)) return "must contain at least one letter (a-z)";
  if (value.includes("--")) return "must not contain consecutive hyphens";
  if (value.startsWith("-") || value.endsWith("-")) return "must not begin or end with a hyphen";
  return undefined;
}

/** `IsValidPortNum`. */
export function isValidPortNumber(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** `IsQualifiedName` (label keys): an optional DNS-1123 subdomain prefix and `/`, then a name of up to 63. */
export function qualifiedNameProblem(value: string): string | undefined {
  const parts = value.split("/");
  if (parts.length > 2) return "a qualified name must consist of an optional DNS subdomain prefix and '/' and a name";
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    if (parts[0]!.length === 0) return "prefix part must be non-empty";
    const prefix = dns1123SubdomainProblem(parts[0]!);
    if (prefix !== undefined) return `prefix part ${prefix}`;
  }
  if (name.length === 0) return "name part must be non-empty";
  if (name.length > 63) return `name part ${tooLong(63)}`;
  if (!QUALIFIED_NAME.test(name))
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/** `IsValidLabelValue`: empty, or up to 63 characters of a qualified name's name part. */
export function labelValueProblem(value: string): string | undefined {
  if (value === "") return undefined;
  if (value.length > 63) return tooLong(63);
  if (!QUALIFIED_NAME.test(value))
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/**
 * A user value as it appears in a message: JSON-quoted (control characters escaped, so a name cannot forge output
 * lines) and cut to 80 characters.
 */
export function shown(value: unknown): string {
  const text =
    typeof value === "string" ? value : typeof value === "bigint" ? `${value}n` : String(JSON.stringify(value));
  const cut = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return typeof value === "string" ? JSON.stringify(cut).replace(/^"|"$/g, "'") : cut;
}

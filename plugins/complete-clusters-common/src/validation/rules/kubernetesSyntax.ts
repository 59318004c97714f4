/**
 * The Kubernetes API server's own rules (k8s.io/apimachinery validation) for
 * label keys and values and for taints: what it would refuse when AKS applies
 * a node pool's labels and taints.
 */
import { hasControlCharacter, quote } from './text';

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAME_MAX = 63;
const PREFIX_MAX = 253;

/** Why a DNS subdomain (a qualified name's prefix) is refused, if it is. */
function dnsSubdomainProblem(prefix: string): string | undefined {
  if (prefix.length === 0) return 'its prefix before "/" is empty';
  if (prefix.length > PREFIX_MAX)
    return `its prefix has ${prefix.length} characters; at most ${PREFIX_MAX}`;
  if (
    !prefix
      .split('.')
      .every(label => DNS_LABEL.test(label) && label.length <= NAME_MAX)
  ) {
    return `its prefix ${quote(
      prefix,
    )} is not a DNS subdomain (lowercase letters, digits, "-" and ".")`;
  }
  return undefined;
}

/**
 * Why a label key (or a taint key) is refused, if it is: an optional DNS
 * subdomain prefix of at most 253 characters and `/`, then a name of 1-63
 * alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric.
 */
export function qualifiedNameProblem(key: string): string | undefined {
  if (hasControlCharacter(key))
    return `key ${quote(key)} holds a control character`;
  const parts = key.split('/');
  if (parts.length > 2) return `key ${quote(key)} has more than one "/"`;
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = dnsSubdomainProblem(parts[0]);
    if (prefix) return `key ${quote(key)}: ${prefix}`;
  }
  if (name.length === 0) return `key ${quote(key)} has an empty name`;
  if (name.length > NAME_MAX)
    return `key ${quote(key)} has a name of ${
      name.length
    } characters; at most ${NAME_MAX}`;
  if (!NAME.test(name))
    return `key ${quote(key)} has a name with characters Kubernetes refuses`;
  return undefined;
}

/** Why a label value (or a taint value) is refused, if it is: empty, or 1-63 characters like a name. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (hasControlCharacter(value))
    return `value ${quote(value)} holds a control character`;
  if (value.length > NAME_MAX)
    return `value ${quote(value)} has ${
      value.length
    } characters; at most ${NAME_MAX}`;
  if (!NAME.test(value))
    return `value ${quote(value)} has characters Kubernetes refuses`;
  return undefined;
}

/** The fix for a label or taint problem. */
export const KUBERNETES_NAME_FIX =
  'keys are [prefix/]name and values are empty or 1-63 letters, digits, "-", "_" and "." starting and ending with a letter or digit; a prefix is a DNS subdomain of at most 253 characters';

/** The effects a taint may have. */
export const TAINT_EFFECTS = [
  'NoSchedule',
  'PreferNoSchedule',
  'NoExecute',
] as const;

/** Why a taint in its `key[=value]:Effect` form is refused, if it is. */
export function taintProblem(taint: string): string | undefined {
  const colon = taint.lastIndexOf(':');
  if (colon < 0) return `${quote(taint)} has no ":Effect"`;
  const effect = taint.slice(colon + 1);
  if (!(TAINT_EFFECTS as readonly string[]).includes(effect))
    return `${quote(taint)} has the effect ${quote(
      effect,
    )}, not one of ${TAINT_EFFECTS.join(', ')}`;
  const keyValue = taint.slice(0, colon);
  const equals = keyValue.indexOf('=');
  const key = equals < 0 ? keyValue : keyValue.slice(0, equals);
  const value = equals < 0 ? '' : keyValue.slice(equals + 1);
  return qualifiedNameProblem(key) ?? labelValueProblem(value);
}

import { AllPermissionsList } from './acl.constants';
import type { Ace, Acl } from './acl.interface';

/** The `ace` of a decision no ACE made: nothing matched anywhere in the lineage. */
export const DEFAULT_DENY = '<default deny>';

/** The `acl` of a default deny when no resource in the lineage had an ACL. */
export const NO_ACL_FOUND = '<No ACL found on any object in resource lineage>';

/**
 * The `acl` of a decision made without any ACL (no `acl` option and no resource, or a system
 * permission): the permission is granted to the principal of the same name.
 */
export const PRINCIPAL_RULE = '<principal-name rule>';

/**
 * Why a permission was granted or refused (Pyramid's `ACLPermitsResult`). Test `decision.allowed`:
 * a decision is an object, and every object is truthy in JavaScript, so `if (decision)` is always
 * taken. `message` says which ACE of which ACL decided, on which resource, for which principals.
 */
export abstract class AclDecision {
  /** Whether the permission is granted. */
  abstract readonly allowed: boolean;

  constructor(
    /** The ACE that decided, or `'<default deny>'` when none matched. */
    readonly ace: Ace | '<default deny>',
    /** The ACL holding that ACE; for a default deny, the last ACL walked (or a marker if none). */
    readonly acl: Acl | '<No ACL found on any object in resource lineage>' | '<principal-name rule>',
    /** The permission asked. */
    readonly permission: string,
    /** The principals it was asked for. */
    readonly principals: readonly string[],
    /** The resource whose ACL decided; for a default deny, the resource asked about. */
    readonly context: unknown,
  ) {}

  /**
   * Pyramid's message, e.g. `AclDenied permission 'edit' via ACE '<default deny>' in ACL
   * [['Allow', 'alice', 'edit']] on context <Document '2'> for principals ['system.Everyone']`.
   * Built when read, so that deciding costs no string formatting.
   */
  get message(): string {
    return (
      `${this.constructor.name} permission ${repr(this.permission)} via ACE ${repr(this.ace)} ` +
      `in ACL ${repr(this.acl)} on context ${describeContext(this.context)} for principals ${repr(this.principals)}`
    );
  }

  /** The {@link AclDecision.message}. */
  toString(): string {
    return this.message;
  }
}

/** A granted permission (Pyramid's `ACLAllowed`). */
export class AclAllowed extends AclDecision {
  readonly allowed = true as const;
}

/** A refused permission (Pyramid's `ACLDenied`). */
export class AclDenied extends AclDecision {
  readonly allowed = false as const;
}

// A Python-like repr, short and unambiguous: strings quoted, lists bracketed.
function repr(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/[\\']/g, '\\$&')}'`;
  if (value instanceof AllPermissionsList) return String(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  return String(value);
}

/**
 * A resource for logs: by its own `toString()` when its class has one, else by its class name and
 * its `__name__` or `id`; never by its contents, which may be large or confidential.
 */
export function describeContext(context: unknown): string {
  if (context === null || (typeof context !== 'object' && typeof context !== 'function'))
    return repr(context);
  const resource = context as {
    toString?: unknown;
    constructor?: { name?: string };
    __name__?: unknown;
    id?: unknown;
  };
  if (typeof resource.toString === 'function' && resource.toString !== Object.prototype.toString) {
    return `<${String(resource)}>`;
  }
  const name = resource.__name__ ?? resource.id;
  const type = resource.constructor?.name || 'Object';
  return typeof name === 'string' || typeof name === 'number' ? `<${type} ${repr(name)}>` : `<${type}>`;
}

import { REDACTED, isCredentialName, maskCredentialValue } from '../util/mask-credentials.js';
import type { RunMasker } from './masking.js';

/**
 * The view of a run that reporters get (see masking.ts): every object is a proxy whose reads are
 * masked, reached lazily, so the view follows the run's live objects at the cost of the values
 * actually read. Writes land in the view and never change the run's own objects.
 *
 * Each proxy stands on an empty "shadow" of the object's class instead of the object itself:
 * Node's util.inspect (console.log) looks behind proxies at their target, and must find nothing
 * there. Console messages, which reporters print with util.inspect, are given as masked copies.
 */
export interface Membrane {
  /** The masked view of a value: strings masked, objects as proxies, buffers as masked copies. */
  view<T>(value: T): T;
  /** A masked plain copy, for data that gets printed with util.inspect (console messages). */
  copy<T>(value: T): T;
}

const DELETED = Symbol('deleted');

export function createMembrane(masker: RunMasker): Membrane {
  const views = new WeakMap<object, object>();
  const isView = new WeakSet<object>();
  const writes = new WeakMap<object, Map<PropertyKey, unknown>>();
  const wrappedFunctions = new WeakMap<(...args: unknown[]) => unknown, unknown>();
  const maskedBuffers = new WeakMap<Uint8Array, { version: number; masked: Buffer }>();
  let strings = new Map<string, string>();
  let stringsVersion = masker.version;

  const maskString = (value: string): string => {
    if (value.length < 3) return value;
    if (stringsVersion !== masker.version || strings.size > 10_000) {
      strings = new Map();
      stringsVersion = masker.version;
    }
    let masked = strings.get(value);
    if (masked === undefined) {
      masked = masker.text(value);
      if (value.length < 65_536) strings.set(value, masked);
    }
    return masked;
  };

  const maskBuffer = (value: Uint8Array): Buffer => {
    const cached = maskedBuffers.get(value);
    if (cached && cached.version === masker.version) return cached.masked;
    const raw = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const masked = Buffer.from(masker.bytes(raw));
    maskedBuffers.set(value, { version: masker.version, masked });
    return masked;
  };

  /** The value of `property` of `owner` is a credential by its position. */
  const maskAt = (owner: Record<PropertyKey, unknown>, property: PropertyKey, value: string): string | undefined => {
    // A variable reference ({{accessToken}}) in the collection is not the value it stands for.
    if (typeof property !== 'string' || value === '' || /^\{\{[^{}]+\}\}$/.test(value)) return undefined;
    if (isCredentialName(property)) return REDACTED;
    if (property !== 'value') return undefined;
    const key = typeof owner.key === 'string' ? owner.key : undefined;
    if (key && /^(proxy-?)?authorization$/i.test(key)) return maskCredentialValue(value);
    if (masker.isSecretVariable(owner)) return REDACTED;
    return undefined;
  };

  const maskProperty = (owner: object, property: PropertyKey, value: unknown, own: boolean): unknown => {
    if (typeof value === 'string') return maskAt(owner as Record<PropertyKey, unknown>, property, value) ?? maskString(value);
    // Methods of the prototype run on the view and read through it; a closure may hold raw values.
    if (typeof value === 'function') return own ? wrapFunction(value as (...args: unknown[]) => unknown) : value;
    return view(value);
  };

  const wrapFunction = (fn: (...args: unknown[]) => unknown): unknown => {
    let wrapped = wrappedFunctions.get(fn);
    if (!wrapped) {
      wrapped = function (this: unknown, ...args: unknown[]) {
        return view(new.target ? Reflect.construct(fn, args) : fn.apply(this, args));
      };
      wrappedFunctions.set(fn, wrapped);
    }
    return wrapped;
  };

  const targets = new WeakMap<object, object>();
  const real = (shadow: object) => targets.get(shadow)!;
  const write = (shadow: object, property: string | symbol, value: unknown) => {
    const target = real(shadow);
    if (!writes.has(target)) writes.set(target, new Map());
    writes.get(target)!.set(property, value);
    return true;
  };
  const handler: ProxyHandler<object> = {
    get(shadow, property, receiver) {
      const target = real(shadow);
      const written = writes.get(target);
      if (written?.has(property)) return written.get(property) === DELETED ? undefined : written.get(property);
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property === 'symbol') return value;
      return maskProperty(target, property, value, Object.prototype.hasOwnProperty.call(target, property));
    },
    set: (shadow, property, value) => write(shadow, property, value),
    deleteProperty: (shadow, property) => write(shadow, property, DELETED),
    defineProperty: (shadow, property, descriptor) => write(shadow, property, descriptor.value),
    has(shadow, property) {
      const written = writes.get(real(shadow));
      if (written?.has(property)) return written.get(property) !== DELETED;
      return Reflect.has(real(shadow), property);
    },
    ownKeys(shadow) {
      const target = real(shadow);
      const keys = new Set<string | symbol>(Reflect.ownKeys(target));
      for (const [key, value] of writes.get(target) ?? []) {
        if (value === DELETED) keys.delete(key as string | symbol);
        else keys.add(key as string | symbol);
      }
      return [...keys];
    },
    getOwnPropertyDescriptor(shadow, property) {
      const target = real(shadow);
      const written = writes.get(target);
      if (written?.has(property)) {
        const value = written.get(property);
        return value === DELETED ? undefined : { value, writable: true, enumerable: true, configurable: true };
      }
      const descriptor = Reflect.getOwnPropertyDescriptor(target, property);
      if (!descriptor) return undefined;
      if (!('value' in descriptor)) return { ...descriptor, configurable: true };
      // An array's length is the one property the shadow has, and it cannot be reported configurable.
      const configurable = !(Array.isArray(shadow) && property === 'length');
      const value = typeof property === 'symbol' ? descriptor.value : maskProperty(target, property, descriptor.value, true);
      return { value, writable: true, enumerable: descriptor.enumerable, configurable };
    },
    getPrototypeOf: (shadow) => Reflect.getPrototypeOf(real(shadow)),
    setPrototypeOf: () => false,
    preventExtensions: () => false,
  };

  function view<T>(value: T): T {
    if (typeof value === 'string') return maskString(value) as T;
    if (value === null || typeof value !== 'object') return value;
    if (isView.has(value)) return value;
    if (ArrayBuffer.isView(value)) return maskBuffer(value as unknown as Uint8Array) as T;
    if (value instanceof Date || value instanceof RegExp || value instanceof Promise) return value;
    if (value instanceof Map) return new Map([...value].map(([k, v]) => [view(k), view(v)])) as T;
    if (value instanceof Set) return new Set([...value].map((v) => view(v))) as T;
    let proxy = views.get(value);
    if (!proxy) {
      const shadow: object = Array.isArray(value) ? [] : Object.create(Object.getPrototypeOf(value) as object | null);
      targets.set(shadow, value);
      proxy = new Proxy(shadow, handler);
      views.set(value, proxy);
      isView.add(proxy);
    }
    return proxy as T;
  }

  function copy<T>(value: T, seen = new Map<object, unknown>()): T {
    if (value === null || typeof value !== 'object' || isView.has(value) || ArrayBuffer.isView(value)) return view(value);
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return view(value);
    if (seen.has(value)) return seen.get(value) as T;
    const result = (Array.isArray(value) ? [] : {}) as Record<PropertyKey, unknown>;
    seen.set(value, result);
    for (const [key, item] of Object.entries(value)) {
      result[key] =
        typeof item === 'string'
          ? (maskAt(value as Record<PropertyKey, unknown>, key, item) ?? maskString(item))
          : copy(item, seen);
    }
    return result as T;
  }

  return { view, copy: (value) => copy(value) };
}

// Type declarations for the Deno std modules we import by bare specifier.
//
// The std modules come from the npm build `deno-std` (JSR is not reachable from our build
// machines), which ships JavaScript without declarations, and TypeScript cannot follow its
// `export *` re-exports. These declarations mirror the std signatures we use; deno.json maps
// the specifiers for Deno and tsconfig.json for Bun, and `compilerOptions.types` loads this file.

declare module "@std/assert" {
  export class AssertionError extends Error {
    constructor(message: string);
  }
  export function assert(expr: unknown, msg?: string): asserts expr;
  export function assertFalse(expr: unknown, msg?: string): void;
  export function assertEquals<T>(actual: T, expected: T, msg?: string): void;
  export function assertNotEquals<T>(actual: T, expected: T, msg?: string): void;
  export function assertStrictEquals<T>(actual: unknown, expected: T, msg?: string): void;
  export function assertNotStrictEquals<T>(actual: T, expected: T, msg?: string): void;
  export function assertExists<T>(actual: T, msg?: string): asserts actual is NonNullable<T>;
  export function assertMatch(actual: string, expected: RegExp, msg?: string): void;
  export function assertNotMatch(actual: string, expected: RegExp, msg?: string): void;
  export function assertStringIncludes(actual: string, expected: string, msg?: string): void;
  export function assertArrayIncludes<T>(
    actual: ArrayLike<T>,
    expected: ArrayLike<T>,
    msg?: string,
  ): void;
  export function assertObjectMatch(
    actual: Record<PropertyKey, unknown>,
    expected: Record<PropertyKey, unknown>,
    msg?: string,
  ): void;
  export function assertInstanceOf<T extends abstract new (...args: never[]) => unknown>(
    actual: unknown,
    expectedType: T,
    msg?: string,
  ): asserts actual is InstanceType<T>;
  export function assertGreater<T>(actual: T, expected: T, msg?: string): void;
  export function assertGreaterOrEqual<T>(actual: T, expected: T, msg?: string): void;
  export function assertLess<T>(actual: T, expected: T, msg?: string): void;
  export function assertLessOrEqual<T>(actual: T, expected: T, msg?: string): void;
  export function assertAlmostEquals(
    actual: number,
    expected: number,
    tolerance?: number,
    msg?: string,
  ): void;
  export function assertThrows(fn: () => unknown, msg?: string): unknown;
  export function assertThrows<E extends Error = Error>(
    fn: () => unknown,
    ErrorClass: abstract new (...args: never[]) => E,
    msgIncludes?: string,
    msg?: string,
  ): E;
  export function assertRejects(fn: () => PromiseLike<unknown>, msg?: string): Promise<unknown>;
  export function assertRejects<E extends Error = Error>(
    fn: () => PromiseLike<unknown>,
    ErrorClass: abstract new (...args: never[]) => E,
    msgIncludes?: string,
    msg?: string,
  ): Promise<E>;
  export function fail(msg?: string): never;
  export function unreachable(msg?: string): never;
}

declare module "@std/path" {
  export const SEPARATOR: "/" | "\\";
  export function join(...paths: string[]): string;
  export function dirname(path: string): string;
  export function basename(path: string, suffix?: string): string;
  export function extname(path: string): string;
  export function relative(from: string, to: string): string;
  export function resolve(...paths: string[]): string;
  export function normalize(path: string): string;
  export function isAbsolute(path: string): boolean;
  export function fromFileUrl(url: string | URL): string;
  export function toFileUrl(path: string): URL;
  export function common(paths: string[]): string;
}

declare module "@std/streams" {
  export class TextLineStream extends TransformStream<string, string> {
    constructor(options?: { allowCR?: boolean });
  }
  export class TextDelimiterStream extends TransformStream<string, string> {
    constructor(delimiter: string, options?: { disposition?: "discard" | "suffix" | "prefix" });
  }
  export class DelimiterStream extends TransformStream<Uint8Array, Uint8Array> {
    constructor(
      delimiter: Uint8Array,
      options?: { disposition?: "discard" | "suffix" | "prefix" },
    );
  }
  export function toText(stream: ReadableStream<Uint8Array | string>): Promise<string>;
  export function toJson(stream: ReadableStream<Uint8Array | string>): Promise<unknown>;
  export function toTransformStream<I, O>(
    transformer: (src: ReadableStream<I>) => Iterable<O> | AsyncIterable<O>,
    writableStrategy?: QueuingStrategy<I>,
    readableStrategy?: QueuingStrategy<O>,
  ): TransformStream<I, O>;
  export function concatReadableStreams<T>(...streams: ReadableStream<T>[]): ReadableStream<T>;
  export function mergeReadableStreams<T>(...streams: ReadableStream<T>[]): ReadableStream<T>;
}

declare module "@std/front-matter" {
  export type Format = "yaml" | "toml" | "json";
  export function test(str: string, formats?: Format[]): boolean;
}

declare module "@std/front-matter/yaml" {
  export interface Extract<T> {
    frontMatter: string;
    body: string;
    attrs: T;
  }
  export function extract<T = Record<string, unknown>>(text: string): Extract<T>;
}

declare module "@std/yaml" {
  export function parse(content: string, options?: Record<string, unknown>): unknown;
  export function stringify(data: unknown, options?: Record<string, unknown>): string;
}

// Types of scripts/build.mjs, for the TypeScript that imports it (tests, the benchmark).
import type { BuildOptions, Metafile } from 'esbuild';

export declare const lambdaBuildOptions: BuildOptions;
/** `bytes`: the entry and the chunks it imports statically (`coldFiles`, what a cold start loads); `totalBytes`: every chunk. */
export declare function buildLambda(outdir?: string): Promise<{ file: string; coldFiles: string[]; bytes: number; totalBytes: number; metafile: Metafile }>;
export declare const pages: readonly { dir: string; entries: string[]; out: string }[];
export declare function buildPages(outRoot?: string): Promise<void>;

// Types of scripts/build.mjs, for the TypeScript that imports it (tests, the benchmark).
import type { BuildOptions, Metafile } from 'esbuild';

export declare const lambdaBuildOptions: BuildOptions;
export declare function buildLambda(outdir?: string): Promise<{ file: string; bytes: number; metafile: Metafile }>;
export declare const pages: readonly { dir: string; entries: string[]; out: string }[];
export declare function buildPages(outRoot?: string): Promise<void>;

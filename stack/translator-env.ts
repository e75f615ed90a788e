/**
 * glibc's malloc asks the kernel for transparent huge pages (madvise) on its large mappings. ONNX Runtime keeps
 * the model's prepacked weights (about 600 MB for NLLB-600M q8) in such mappings, and every decoding step streams
 * most of them: with 4 KiB pages that is one TLB miss per page and the hardware prefetcher stopping at every page
 * boundary; with 2 MiB pages the step reads them faster (bench/README.md, "Where the step time goes"). Linux
 * distributions default transparent huge pages to `madvise`, so without the request nothing changes. A tunable
 * read only at process start, so it is given to the translator's process by whoever starts it.
 */
export const HUGE_PAGE_TUNABLE = 'glibc.malloc.hugetlb=1';

/** The environment to add to the translator process's, keeping any glibc tunables already set. */
export function translatorProcessEnv(parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const existing = parent['GLIBC_TUNABLES'];
  if (existing?.split(':').some((tunable) => tunable.startsWith('glibc.malloc.hugetlb=')) === true) return {};
  return { GLIBC_TUNABLES: existing ? `${existing}:${HUGE_PAGE_TUNABLE}` : HUGE_PAGE_TUNABLE };
}

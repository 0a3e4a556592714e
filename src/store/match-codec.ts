import type { PackedFacts } from '../core/evaluate-matched.js';

/**
 * How both adapters keep one subject's packed facts under one set (evaluate-matched.ts):
 * as the JSON text of the flat array, so a full pass reads one short row per subject and
 * parses it in one call.
 */
export const encodeFacts = (facts: PackedFacts): string => JSON.stringify(facts);

export const decodeFacts = (text: string): PackedFacts => JSON.parse(text) as PackedFacts;

// Which rollouts a run makes (where each file lives: formats/results-folder.ts).

/** The rollouts a seed asks for: selected variations (1-indexed) times repetitions. */
export function plannedRollouts(
  variationCount: number,
  selected: number[] | null,
  numReps: number,
): { variation: number; repetition: number }[] {
  const variations = selected ?? Array.from({ length: variationCount }, (_, i) => i + 1);
  return variations
    .filter((v) => v >= 1 && v <= variationCount)
    .flatMap((variation) => Array.from({ length: numReps }, (_, i) => ({ variation, repetition: i + 1 })));
}

/**
 * For a suite's `beforeAll`, where Jest's `expect` does not belong: stops the
 * set-up, naming the step, when it did not give what the tests rely on.
 */
export function setUpStep<T>(step: string, actual: T, wanted: T): void {
  if (actual !== wanted)
    throw new Error(
      `Set-up step "${step}" gave ${JSON.stringify(
        actual,
      )}, the tests need ${JSON.stringify(wanted)}`,
    );
}

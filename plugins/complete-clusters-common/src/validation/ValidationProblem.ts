/**
 * One reason a ClusterTemplate (or a consumer's request) is refused.
 * @public
 */
export interface ValidationProblem {
  /** Dotted path of the offending field, e.g. `spec.infrastructure.nodePools[1].vmSize`. */
  field: string;
  /** What is wrong with it. */
  message: string;
  /** What to write instead. */
  fix?: string;
}

/**
 * Formats problems as one readable message, one line per problem.
 * @public
 */
export function formatProblems(
  subject: string,
  problems: ValidationProblem[],
): string {
  const lines = problems.map(
    p => `- ${p.field}: ${p.message}${p.fix ? `; fix: ${p.fix}` : ''}`,
  );
  return `${subject} is invalid:\n${lines.join('\n')}`;
}

/**
 * Thrown when a ClusterTemplate, or a request made from one, is invalid. Its
 * message names every bad field and how to fix it.
 * @public
 */
export class ClusterTemplateValidationError extends Error {
  readonly problems: ValidationProblem[];

  constructor(subject: string, problems: ValidationProblem[]) {
    super(formatProblems(subject, problems));
    this.name = 'ClusterTemplateValidationError';
    this.problems = problems;
  }
}

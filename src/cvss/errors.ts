// The one error a CVSS vector can fail with: a message a person can act on, plus the text that was given.

export class CvssVectorError extends Error {
  override name = 'CvssVectorError';
  /** The vector text as it was given. */
  readonly vector: string;

  constructor(message: string, vector: string) {
    super(message);
    this.vector = vector;
  }
}

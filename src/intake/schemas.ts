// TypeBox schema of the proof-of-work solution a report submission carries (for the report route's body).
import { Type } from 'typebox';

export const ProofOfWorkSchema = Type.Object(
  {
    challengeId: Type.String({ pattern: '^[0-9a-f]{32}$', description: 'The id of a challenge from GET /api/intake/challenge.' }),
    nonce: Type.String({
      pattern: '^[0-9A-Za-z_-]{1,64}$',
      description: "A nonce such that SHA-256(challengeId + ':' + nonce) has the challenge's leading zero bits.",
    }),
  },
  { additionalProperties: false, description: 'A solved proof-of-work challenge; required when the installation asks for one.' },
);

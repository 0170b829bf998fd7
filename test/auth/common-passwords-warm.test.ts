// The server loads the common-password list after it starts listening, in steps between which other work
// runs (start-up time: npm run bench -- start); the list is the same as the one loaded at once.
import { describe, expect, it, vi } from 'vitest';

type Module = typeof import('../../src/auth/common-passwords.ts');
const fresh = async (): Promise<Module> => {
  vi.resetModules();
  return import('../../src/auth/common-passwords.ts');
};

describe('warming up the common-password list', () => {
  it('yields to other work many times and ends with the whole list', async () => {
    const m = await fresh();
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    await m.warmCommonPasswordList();
    running = false;
    expect(turns).toBeGreaterThan(10); // 414,876 entries, 20,000 per step
    expect(m.commonPasswordList().size).toBe(414_876);
    expect(m.isCommonPassword('Password1')).toBe(true);
  });

  it('a check during the warm-up gets the whole list at once; the warm-up then stops', async () => {
    const m = await fresh();
    const warming = m.warmCommonPasswordList();
    await new Promise((r) => setImmediate(r));
    expect(m.isCommonPassword('letmein')).toBe(true);
    const list = m.commonPasswordList();
    await warming;
    expect(m.commonPasswordList()).toBe(list);
    expect(list.size).toBe(414_876);
  });
});

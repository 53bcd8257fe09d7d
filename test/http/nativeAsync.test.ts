/**
 * The framework's async functions as native ones (server/nativeAsync.ts): the rewritten code does what tsc's
 * generators did, on tsc's own ES2015 output; shapes it does not know are loaded as they are; and the
 * packages really load rewritten in a fresh process, unless FRAMEWORK_NATIVE_ASYNC=off.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { nativeAsync } from '../../server/nativeAsync';

/** What the framework's packages are: TypeScript compiled for ES2015, CommonJS. */
function es2015(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2015, module: ts.ModuleKind.CommonJS },
  }).outputText;
}

function load(code: string): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  vm.runInNewContext(code, { exports, Promise, setTimeout });
  return exports;
}

const SOURCE = `
export class Base {
  async name(suffix: string): Promise<string> { return 'base' + suffix; }
}
export class Child extends Base {
  constructor(private readonly prefix: string) { super(); }
  async name(suffix: string): Promise<string> {
    const inner = await super.name(suffix);
    return this.prefix + inner;
  }
  async count(...values: number[]): Promise<number> {
    let total = 0;
    for (const value of values) total += await Promise.resolve(value);
    return total + arguments.length;
  }
  async each(values: number[]): Promise<number[]> {
    return Promise.all(values.map(async (value) => (await Promise.resolve(value)) * 2));
  }
  async nested(): Promise<string> {
    const handle = (run: () => Promise<string>) => run();
    return await handle(async () => { await Promise.resolve(); return this.prefix; });
  }
  async fails(): Promise<void> {
    await Promise.resolve();
    throw new Error('refused');
  }
}
export const delayed = async (ms: number): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return ms;
};
`;

type Child = {
  name(s: string): Promise<string>;
  count(...v: number[]): Promise<number>;
  each(v: number[]): Promise<number[]>;
  nested(): Promise<string>;
  fails(): Promise<void>;
};

describe('the framework as native async functions (server/nativeAsync)', () => {
  const compiled = es2015(SOURCE);
  const rewritten = nativeAsync(compiled);

  it('rewrites every generator of tsc output and leaves no yield behind', () => {
    assert.ok(rewritten);
    assert.equal(rewritten.converted, (compiled.match(/__awaiter\(/g) ?? []).length);
    assert.ok(!/\byield\b/.test(rewritten.code));
    assert.ok(!rewritten.code.includes('function* ()'));
  });

  it('gives the same results: this, super, arguments, nested and concurrent calls, errors, timers', async () => {
    for (const code of [compiled, rewritten!.code]) {
      const module = load(code) as {
        Child: new (prefix: string) => Child;
        delayed: (ms: number) => Promise<number>;
      };
      const child = new module.Child('child-');
      assert.equal(await child.name('!'), 'child-base!');
      assert.equal(await child.count(1, 2, 3), 9);
      assert.deepEqual(await child.each([1, 2, 3]), [2, 4, 6]);
      assert.equal(await child.nested(), 'child-');
      await assert.rejects(child.fails(), /refused/);
      assert.equal(await module.delayed(5), 5);
    }
  });

  it('leaves alone what it does not know: a generator with parameters inside, a closer elsewhere', () => {
    const withParameters = compiled.replace(
      'for (const value of values)',
      'const gen = function* (a) { yield a; };\n            for (const value of values)',
    );
    assert.equal(nativeAsync(withParameters), undefined);
    const lines = compiled.split('\n');
    const opener = lines.findIndex((l) => l.endsWith('function* () {'));
    const closer = lines.findIndex((l, i) => i > opener && /^ {8}\}\);$/.test(l));
    lines[closer] = `  ${lines[closer]}`;
    assert.equal(nativeAsync(lines.join('\n')), undefined);
    assert.equal(nativeAsync('const plain = 1;\n'), undefined);
  });

  const root = path.resolve(__dirname, '../..');
  const probe = (env: NodeJS.ProcessEnv) =>
    execFileSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-e',
        `require('./server/nativeAsync');
         const { DialogContext } = require('botbuilder-dialogs');
         const { TurnContext } = require('botbuilder-core');
         const { CloudAdapter } = require('botbuilder');
         const native = (f) => f.toString().includes('(async () => {');
         console.log([DialogContext.prototype.beginDialog, TurnContext.prototype.sendActivities, CloudAdapter.prototype.process].map(native).join(' '));`,
      ],
      { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' },
    ).trim();

  it('loads botbuilder, its core and its dialogs rewritten in a fresh process; FRAMEWORK_NATIVE_ASYNC=off as they are', function () {
    this.timeout(60_000);
    assert.equal(probe({ FRAMEWORK_NATIVE_ASYNC: '' }), 'true true true');
    assert.equal(probe({ FRAMEWORK_NATIVE_ASYNC: 'off' }), 'false false false');
  });
});

/**
 * `npm run desk:hash-password`: reads a password (typed without echo, or piped on stdin) and prints its
 * argon2id hash in the PHC format, for the passwordHash of an entry in AGENT_ACCOUNTS.
 */
import { hash } from '@node-rs/argon2';
import readline from 'node:readline';

const MIN_LENGTH = 12;

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += String(chunk);
    return input.replace(/\r?\n$/, '');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Typed characters are not echoed: the password stays off the screen.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.includes('Password')) process.stdout.write(s);
  };
  const answer = await new Promise<string>((resolve) => rl.question('Password for the agent: ', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function main(): Promise<void> {
  const password = await readPassword();
  if (password.length < MIN_LENGTH) {
    console.error(`The password must have at least ${MIN_LENGTH} characters.`);
    process.exit(1);
  }
  // argon2id (algorithm 2) with the library's defaults: m=19456 KiB, t=2, p=1 (OWASP's recommendation).
  console.log(await hash(password, { algorithm: 2 }));
}

void main();

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/**
 * dig's view of each answer, made comparable between two servers: the status and flags, then each
 * section's records sorted (servers may order the records of a section differently; RFC 2181 5 gives
 * an RRset no order). The message ID and timings are left out.
 */
function digAnswers(port: number, file: string): string[] {
  const dig = spawnSync('dig', ['@127.0.0.1', '-p', String(port), '+norec', '+tries=1', '+time=5', '+noall', '+comments', '+answer', '+authority', '+additional', '-f', file], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (dig.status !== 0) throw new Error(`dig failed: ${dig.stderr}`);
  return dig.stdout
    .split(';; Got answer:')
    .slice(1)
    .map((answer) => {
      const out: string[] = [];
      let section: string[] = [];
      const flush = () => {
        out.push(...section.sort());
        section = [];
      };
      for (const raw of answer.split('\n')) {
        const line = raw.replace(/\s+/g, ' ').trim();
        if (line === '') continue;
        if (line.startsWith(';; ->>HEADER<<-')) out.push(line.replace(/, id: \d+/, ''));
        else if (line.startsWith(';')) {
          flush();
          out.push(line);
        } else section.push(line);
      }
      flush();
      return out.join('\n');
    });
}

/**
 * Asks both servers every question of `questions` ("name type" lines) and fails, showing the first
 * differences, unless they give the same answers: otherwise their figures would compare different work.
 */
export function compareAnswers(questions: string[], ports: { builtin: number; powerdns: number }, file: string): void {
  writeFileSync(file, questions.join('\n') + '\n');
  const builtin = digAnswers(ports.builtin, file);
  const powerdns = digAnswers(ports.powerdns, file);
  if (builtin.length !== questions.length || powerdns.length !== questions.length) {
    throw new Error(`dig gave ${builtin.length} and ${powerdns.length} answers to ${questions.length} questions`);
  }
  const differ = questions.flatMap((q, i) => (builtin[i] === powerdns[i] ? [] : [`${q}\n--- builtin\n${builtin[i]}\n--- PowerDNS\n${powerdns[i]}`]));
  if (differ.length > 0) {
    throw new Error(`${differ.length} of ${questions.length} answers differ between the servers; the first:\n${differ.slice(0, 3).join('\n\n')}`);
  }
}

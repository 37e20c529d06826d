/**
 * A real SMTP server for tests (the `smtp-server` package) that parses what
 * arrives with `mailparser`. `failFirst` answers the first N messages with a
 * temporary failure (451), as a relay that is restarting would.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  /** Messages accepted so far, parsed. */
  readonly received: ParsedMail[];
  /** Messages refused so far. */
  readonly refused: number;
  close(): Promise<void>;
}

export async function startSmtp(options: { failFirst?: number } = {}): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  let refused = 0;
  let toFail = options.failFirst ?? 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (toFail > 0) {
          toFail--;
          refused++;
          const error = Object.assign(new Error('try again later (test server failFirst)'), { responseCode: 451 });
          callback(error);
          return;
        }
        // cid: links kept as sent (the parser would otherwise inline them as data: URLs).
        simpleParser(Buffer.concat(chunks), { keepCidLinks: true }).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get refused() {
      return refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

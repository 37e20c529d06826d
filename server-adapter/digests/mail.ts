/**
 * SMTP through nodemailer (`--smtp-url`, `--mail-from`), with retries: a
 * failed send is tried again after each delay of `retryDelaysMs` (backing
 * off), and only then reported as failed. nodemailer itself is imported on
 * the first send, so a server that never mails never loads it.
 */
import type { SendMailOptions, Transporter } from 'nodemailer';

/** Waits between attempts: 5 s, 30 s, 2 min — an SMTP relay restarting or greylisting gets time. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000];

/** A message as nodemailer takes it (`from` is the mailer's). */
export type MailMessage = Omit<SendMailOptions, 'from'>;

export interface Mailer {
  /** Sends `message`, retrying after each of the delays; resolves to the SMTP message id, rejects with the last error. */
  send(message: MailMessage, onRetry?: (error: unknown, attempt: number) => void): Promise<string>;
  close(): void;
}

export interface MailerOptions {
  /** e.g. `smtp://user:pass@mail.example.com:587` or `smtps://…:465`. */
  smtpUrl: string;
  /** The From address, e.g. `Dashboards <reports@example.com>`. */
  from: string;
  retryDelaysMs?: readonly number[] | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createMailer(options: MailerOptions): Mailer {
  let url: URL;
  try {
    url = new URL(options.smtpUrl);
  } catch {
    throw new TypeError(`smtpUrl: expected a URL such as smtp://user:pass@mail.example.com:587`);
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol))
    throw new TypeError(`smtpUrl: expected smtp:// or smtps://, got ${url.protocol}//`);
  if (!options.from.trim()) throw new TypeError('mailFrom: expected a From address such as reports@example.com');
  // Creating a transport opens no connection, so creating it on the first send changes nothing else.
  let transport: Promise<Transporter> | undefined;
  const open = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(options.smtpUrl)));
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  return {
    async send(message, onRetry) {
      const opened = await open();
      for (let attempt = 0; ; attempt++) {
        try {
          const info = (await opened.sendMail({ ...message, from: options.from })) as { messageId: string };
          return info.messageId;
        } catch (error) {
          const delay = delays[attempt];
          if (delay === undefined) throw error;
          onRetry?.(error, attempt + 1);
          await sleep(delay);
        }
      }
    },
    close: () => {
      void transport?.then(
        (t) => t.close(),
        () => {},
      );
    },
  };
}

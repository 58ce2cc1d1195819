import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A certificate and its key, as files (for Dovecot) and as PEM text (for smtp-server). */
export interface TestCertificate {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

export interface IssueOptions {
  /** Subject alternative names: IP addresses and DNS names. Default `127.0.0.1` and `localhost`. */
  names?: readonly string[];
  /** Validity as `YYYYMMDDHHMMSSZ`; default from yesterday for two days. An end in the past makes an expired certificate. */
  notBefore?: string;
  notAfter?: string;
}

/**
 * A certificate authority made with `openssl` for one test file, in a temp folder that
 * `remove()` deletes: no key is ever committed. `issue` signs server certificates (also
 * expired ones or ones for another name: `openssl ca` takes explicit start and end dates);
 * `selfSigned` makes a certificate no authority vouches for.
 */
export interface TestCa {
  /** The authority's certificate (PEM): what a test passes as `trustedCertificates`. */
  readonly cert: string;
  issue(name: string, options?: IssueOptions): TestCertificate;
  selfSigned(name: string, options?: Pick<IssueOptions, 'names'>): TestCertificate;
  remove(): void;
}

export function createTestCa(): TestCa {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebox-ca-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
  const newKey = (keyPath: string) => run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', keyPath]);
  const caKey = path.join(folder, 'ca.key');
  const caCert = path.join(folder, 'ca.pem');
  newKey(caKey);
  run(['req', '-x509', '-new', '-key', caKey, '-out', caCert, '-days', '3', '-subj', '/O=Hirebox tests/CN=Hirebox Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  fs.mkdirSync(path.join(folder, 'issued'));
  fs.writeFileSync(path.join(folder, 'index.txt'), '');
  fs.writeFileSync(path.join(folder, 'serial'), '1000\n');
  fs.writeFileSync(
    path.join(folder, 'ca.cnf'),
    `[ca]\ndefault_ca = test_ca\n[test_ca]\ndir = ${folder}\ndatabase = $dir/index.txt\nnew_certs_dir = $dir/issued\nserial = $dir/serial\ndefault_md = sha256\npolicy = any\nunique_subject = no\ncopy_extensions = none\n[any]\ncommonName = supplied\norganizationName = optional\n`,
  );
  const day = 24 * 60 * 60 * 1000;
  const stamp = (date: Date) => `${date.toISOString().replace(/[-:T]/gu, '').slice(0, 14)}Z`;
  const san = (names: readonly string[]) => names.map((name) => (/^[\d.]+$|:/u.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
  let count = 0;
  const read = (certPath: string, keyPath: string): TestCertificate => ({ certPath, keyPath, cert: fs.readFileSync(certPath, 'utf8'), key: fs.readFileSync(keyPath, 'utf8') });

  return {
    cert: fs.readFileSync(caCert, 'utf8'),
    issue(name, options = {}) {
      const base = path.join(folder, `${++count}-${name.replace(/[^a-z0-9]+/giu, '-')}`);
      newKey(`${base}.key`);
      run(['req', '-new', '-key', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${name}`]);
      fs.writeFileSync(`${base}.ext`, `[leaf]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\nsubjectAltName = ${san(options.names ?? ['127.0.0.1', 'localhost'])}\n`);
      run([
        'ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', caCert, '-keyfile', caKey, '-in', `${base}.csr`, '-out', `${base}.pem`,
        '-startdate', options.notBefore ?? stamp(new Date(Date.now() - day)), '-enddate', options.notAfter ?? stamp(new Date(Date.now() + 2 * day)),
        '-extfile', `${base}.ext`, '-extensions', 'leaf',
      ]);
      return read(`${base}.pem`, `${base}.key`);
    },
    selfSigned(name, options = {}) {
      const base = path.join(folder, `${++count}-self-${name.replace(/[^a-z0-9]+/giu, '-')}`);
      newKey(`${base}.key`);
      run(['req', '-x509', '-new', '-key', `${base}.key`, '-out', `${base}.pem`, '-days', '2', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san(options.names ?? ['127.0.0.1', 'localhost'])}`]);
      return read(`${base}.pem`, `${base}.key`);
    },
    remove() {
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

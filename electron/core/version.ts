import packageJson from '../../package.json' with { type: 'json' };

/** The version of Hirebox, from package.json. */
export const hireboxVersion: string = packageJson.version;

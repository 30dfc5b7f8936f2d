import {readdirSync} from 'node:fs'
import {join} from 'node:path'

/** Every `.yaml`/`.yml` file below `dir`, depth first. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => (entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(dir, entry.name)] : []))
}

/** The YAML the parser tests run over: every shipped fixture and every hostile-corpus file. */
export function fixtureAndCorpusYaml(): string[] {
  return [...yamlFiles('fixtures'), ...yamlFiles('test/corpus/files')]
}

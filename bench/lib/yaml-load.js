// The peer the xl reach bars are measured against (issue #18): a fresh Node process that loads
// js-yaml and parses the file, nothing else. Usage: node bench/lib/yaml-load.js FILE
import {readFileSync} from 'node:fs'
import yaml from 'js-yaml'

yaml.load(readFileSync(process.argv[2], 'utf8'))

/** The two rules of issue #16 (one import line in registry.ts). */
export {sgRuleShadowedRule} from './sg-rule-shadowed.js'
export {netpolRuleRedundantRule} from './netpol-rule-redundant.js'

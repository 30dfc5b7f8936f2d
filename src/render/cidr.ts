import type {CidrInfo} from '../engine/cidr/info.js'
import {colours as c} from './colors.js'
import {renderKeyValues} from './table.js'

function validity(value: true | string): string {
  return value === true ? c.green('yes') : `${c.red('no')} — ${value}`
}

export function renderCidrInfo(info: CidrInfo): string {
  return renderKeyValues([
    ['CIDR', c.bold(info.cidr)],
    ['network', info.network],
    ['prefix', `/${info.prefix}`],
    ['first', info.first],
    ['last', info.last],
    ['total', info.total.toLocaleString('en-US')],
    ['vSwitch usable', `${info.vswitchUsable.toLocaleString('en-US')} (total − 4 reserved)`],
    ['class', info.class],
    ['VPC CIDR', validity(info.validAs.vpc)],
    ['vSwitch CIDR', validity(info.validAs.vswitch)],
    ['pod CIDR', validity(info.validAs.podCidr)],
    ['Service CIDR', validity(info.validAs.serviceCidr)],
  ])
}

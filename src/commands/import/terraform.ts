import {Args} from '@oclif/core'
import {ImportCommand} from '../../cli/import-command.js'
import {readStructured} from '../../engine/import/io.js'
import {importTerraform} from '../../engine/import/terraform.js'

export default class ImportTerraformCommand extends ImportCommand {
  static override summary = 'Build a topology from `terraform show -json` (state or plan) of the alicloud provider'
  static override description = `Maps alicloud_vpc, alicloud_vswitch, alicloud_route_table(_attachment), alicloud_route_entry, alicloud_security_group(_rule), alicloud_instance, alicloud_eip(_address|_association), alicloud_nat_gateway, alicloud_snat_entry, alicloud_forward_entry, alicloud_slb(_load_balancer|_listener|_backend_server|_attachment|_acl), alicloud_cs_managed_kubernetes / alicloud_cs_kubernetes / alicloud_cs_serverless_kubernetes and alicloud_cs_kubernetes_node_pool.

Works on a plan too, so a change can be linted before \`terraform apply\`: ids that are unknown until apply are followed through the configuration's references. Values only apply can know (EIP addresses) are reported as warnings. Resource types that are not mapped are listed as warnings and as comments in the output.`

  static override examples = [
    {description: 'Lint a plan before apply', command: 'terraform plan -out tf.plan && terraform show -json tf.plan > plan.json\n<%= config.bin %> import terraform plan.json -o planned.yaml && <%= config.bin %> lint planned.yaml'},
    'terraform show -json > state.json && <%= config.bin %> import terraform state.json --name shop-prod',
    '<%= config.bin %> import terraform state.json --merge prod.yaml -o prod.yaml --force',
  ]

  static override args = {
    file: Args.string({description: '`terraform show -json` output; - reads stdin', required: true}),
  }

  static override flags = {...ImportCommand.outputFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ImportTerraformCommand)
    const mergeTarget = this.loadMergeTarget(flags.merge)
    this.emit(importTerraform(readStructured(args.file), {file: args.file, name: flags.name}), flags, mergeTarget)
  }
}

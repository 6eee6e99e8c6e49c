import type { Command } from './command'
import { campaignCommands } from './campaigns'
import { demoCommand } from './demo'
import { invitationCommands } from './invitations'
import { memberCommands } from './members'
import { groupCommands } from './groups'
import { linkCommands } from './links'
import { reportCommand } from './report'
import { roundCommands } from './rounds'
import { scheduleCommands } from './schedules'
import { surveyCommands } from './surveys'
import { teamCommands } from './teams'
import { trendCommand } from './trend'
import { userCommands } from './users'

/** Every command, in the order `help` lists them. */
export const COMMANDS: Command[] = [
  ...userCommands,
  ...teamCommands,
  ...memberCommands,
  ...groupCommands,
  ...surveyCommands,
  ...invitationCommands,
  ...linkCommands,
  ...roundCommands,
  ...scheduleCommands,
  reportCommand,
  trendCommand,
  ...campaignCommands,
  demoCommand,
]

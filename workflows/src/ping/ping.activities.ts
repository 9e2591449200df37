import { Context } from '@temporalio/activity';

/** The ping's one activity: echoes the message and says which worker ran it. */
export async function echo(message: string): Promise<{ echoed: string; answeredBy: string }> {
  return { echoed: message, answeredBy: Context.current().info.taskQueue };
}

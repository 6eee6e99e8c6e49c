import { Page } from './layout'

const TITLES: Record<number, string> = {
  400: 'Something in the request is not right',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'That cannot be done now',
  410: 'Gone',
  413: 'Too large',
  429: 'Too many attempts',
  500: 'Something went wrong',
}

/** An error as a page, with a way back. Never shows internals. */
export function ErrorPage(props: { status: number; message: string; signedIn: boolean }) {
  const title = TITLES[props.status] ?? 'Something went wrong'
  return (
    <Page title={title} narrow>
      <h1>{title}</h1>
      <p>{props.message}</p>
      <p>
        <a href={props.signedIn ? '/teams' : '/'}>Go to the start page</a>
      </p>
    </Page>
  )
}

import { fieldId } from './layout'

/**
 * The field for a secret that arrives in a link's fragment (after `#`, never sent to a server):
 * app.js copies it in and hides the field; without script, people paste the code or the whole
 * link. Share links and facilitator sign-in links use it.
 */
export function FragmentCodeField(props: {
  label: string
  hint: string
  invalid: boolean
  required?: boolean
}) {
  const id = fieldId('token')
  return (
    <>
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      <input
        id={id}
        name="token"
        type="text"
        autocomplete="off"
        spellcheck={false}
        required={props.required}
        data-fragment-target
        aria-describedby={`${id}-hint`}
        aria-invalid={props.invalid ? 'true' : undefined}
      />
    </>
  )
}

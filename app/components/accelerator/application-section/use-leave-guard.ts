import { unstable_usePrompt as usePrompt, useBeforeUnload } from '@remix-run/react'
import { useCallback, useRef } from 'react'

/**
 * While `guard` holds (a conflict not yet resolved: the person's text lives only in this page),
 * leaving for another page or closing the tab asks first. Setting `discarding.current` lets a
 * deliberate « Reprendre la version de… » through.
 */
export function useLeaveGuard(guard: boolean) {
  const discarding = useRef(false)
  usePrompt({
    when: ({ currentLocation, nextLocation }) => guard && nextLocation.pathname !== currentLocation.pathname,
    message: 'Vos modifications ne sont pas enregistrées. Quitter la page quand même ?',
  })
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!guard || discarding.current) return
        event.preventDefault()
        event.returnValue = ''
      },
      [guard],
    ),
  )
  return discarding
}

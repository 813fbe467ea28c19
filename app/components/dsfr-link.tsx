import { Link } from '@remix-run/react'
import { forwardRef, type AnchorHTMLAttributes } from 'react'

/**
 * The link component given to react-dsfr (setLink / startReactDsfr): DSFR components receive
 * `href`; internal paths become Remix links (client navigation, prefetch), the rest plain <a>.
 */
export const DsfrLink = forwardRef<HTMLAnchorElement, AnchorHTMLAttributes<HTMLAnchorElement>>(function DsfrLink(
  { href, children, ...props },
  ref,
) {
  if (!href || /^(https?:|mailto:|tel:|#)/.test(href)) {
    return (
      <a ref={ref} href={href} {...props}>
        {children}
      </a>
    )
  }
  return (
    <Link ref={ref} to={href} {...props}>
      {children}
    </Link>
  )
})

;;; client.el --- the test side of a batch Emacs session with eglot  -*- lexical-binding: t -*-
;;
;; Loads the Arc set-up documented in docs/editors.md (the file named by
;; $NAO_EMACS_SETUP, as a user's init file), opens the story
;; $NAO_EMACS_STORY, and waits until eglot has started nao-language-server
;; and flymake holds diagnostics with code E002, for at most
;; $NAO_EMACS_TIMEOUT_MS. Writes what it saw as JSON to $NAO_EMACS_OUT and
;; exits 0 (the mocha test judges the result).
;;
;;   emacs --batch -Q -l client.el
;;
;; Batch Emacs runs no commands, so `post-command-hook' (where eglot-ensure
;; and flymake defer their work) is run by hand while waiting.

(require 'json)
(require 'cl-lib)

;; Debian's elpa-* packages (eglot 1.9 and the newer project, xref, ...
;; it needs), which a normal start activates and -Q does not.
(setq load-path (append (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*") load-path))

(defvar nao-errors nil)
(defvar nao-timeout (/ (string-to-number (or (getenv "NAO_EMACS_TIMEOUT_MS") "20000")) 1000.0))

(defun nao-diagnostics ()
  (mapcar (lambda (d)
            (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
              `((line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                (type . ,(symbol-name (flymake-diagnostic-type d)))
                (code . ,(let ((code (plist-get lsp :code))) (if code (format "%s" code) :null)))
                (message . ,(flymake-diagnostic-text d)))))
          (flymake-diagnostics)))

(defun nao-finish (result)
  (with-temp-file (getenv "NAO_EMACS_OUT")
    (insert (json-encode (append result `((errors . ,(vconcat (reverse nao-errors))))))))
  (kill-emacs 0))

(condition-case err
    (progn
      ;; What package activation does in a normal start: eglot-ensure defined.
      (require 'eglot)
      (load (getenv "NAO_EMACS_SETUP") nil t)
      (find-file (getenv "NAO_EMACS_STORY"))
      (let ((deadline (+ (float-time) nao-timeout))
            server)
        (while (and (< (float-time) deadline)
                    (not (and (setq server (eglot-current-server))
                              (cl-some (lambda (d) (equal (alist-get 'code d) "E002")) (nao-diagnostics)))))
          (run-hooks 'post-command-hook)
          (accept-process-output nil 0.05))
        (unless server (push "eglot started no server for the story" nao-errors))
        (nao-finish
         `((mode . ,(symbol-name major-mode))
           (server . ,(if server
                          `((command . ,(vconcat (process-command (jsonrpc--process server))))
                            (root . ,(expand-file-name (project-root (eglot--project server))))
                            (name . ,(or (plist-get (eglot--server-info server) :name) :null)))
                        :null))
           (diagnostics . ,(vconcat (nao-diagnostics)))))))
  (error
   (push (format "elisp error: %S" err) nao-errors)
   (nao-finish `((mode . ,(symbol-name major-mode)) (server . :null) (diagnostics . [])))))
